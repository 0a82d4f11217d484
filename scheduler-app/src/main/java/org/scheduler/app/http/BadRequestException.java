package org.scheduler.app.http;

/** Bad input from a client; answered with 400 and this message, which names the field. */
public final class BadRequestException extends RuntimeException {
  public BadRequestException(String message) {
    super(message);
  }
}
