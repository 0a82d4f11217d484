package org.scheduler.jobs.monitor;

/** A repository's poll failed: an unexpected status, a malformed answer, or no answer. */
final class ApiException extends Exception {
  public ApiException(String message) {
    super(message);
  }

  public ApiException(String message, Throwable cause) {
    super(message, cause);
  }
}
