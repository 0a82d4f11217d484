package org.scheduler.api;

/** The message can never succeed (bad input, a 404): dead-letter it without further attempts. */
public final class PermanentFailureException extends Exception {
  public PermanentFailureException(String message) {
    super(message);
  }
}
