package org.scheduler.api;

import java.time.Duration;
import java.util.Optional;

/** The message should be tried again, not before {@code notBefore} when the handler knows it. */
public final class RetryLaterException extends Exception {
  private final Optional<Duration> notBefore;

  public RetryLaterException(String message, Optional<Duration> notBefore) {
    super(message);
    this.notBefore = notBefore;
  }

  public Optional<Duration> notBefore() {
    return notBefore;
  }
}
