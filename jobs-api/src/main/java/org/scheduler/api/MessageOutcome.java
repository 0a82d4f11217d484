package org.scheduler.api;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * What a {@link BatchMessageHandler} made of one message of its batch: done (acked), retry later
 * (with backoff, not before {@code notBefore} when given, dead-lettered once its attempts run out)
 * or failed for good (dead-lettered at once).
 */
public record MessageOutcome(Kind kind, String reason, Optional<Duration> notBefore) {
  public enum Kind {
    DONE,
    RETRY_LATER,
    FAILED_FOR_GOOD
  }

  private static final MessageOutcome DONE = new MessageOutcome(Kind.DONE, "", Optional.empty());

  public MessageOutcome {
    requireNonNull(kind, "kind is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(notBefore, "notBefore is null");
    if (notBefore.isPresent() && notBefore.get().isNegative()) {
      throw new IllegalArgumentException("notBefore is negative: " + notBefore.get());
    }
  }

  public static MessageOutcome done() {
    return DONE;
  }

  public static MessageOutcome retryLater(String reason) {
    return new MessageOutcome(Kind.RETRY_LATER, reason, Optional.empty());
  }

  public static MessageOutcome retryLater(String reason, Duration notBefore) {
    return new MessageOutcome(Kind.RETRY_LATER, reason, Optional.of(notBefore));
  }

  public static MessageOutcome failedForGood(String reason) {
    return new MessageOutcome(Kind.FAILED_FOR_GOOD, reason, Optional.empty());
  }
}
