package org.scheduler.db;

/** The embedded PostgreSQL server could not be started; the message says why and what to do. */
public final class EmbeddedPostgresException extends RuntimeException {
  public EmbeddedPostgresException(String message, Throwable cause) {
    super(message, cause);
  }
}
