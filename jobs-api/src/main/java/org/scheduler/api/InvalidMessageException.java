package org.scheduler.api;

/** A message that cannot be enqueued as given; nothing was stored. The message names the field. */
public final class InvalidMessageException extends RuntimeException {
  private final String field;

  public InvalidMessageException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
