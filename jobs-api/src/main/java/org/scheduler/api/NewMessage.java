package org.scheduler.api;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * A message to enqueue. The payload is JSON text, already checked; {@code delay} counts from the
 * database's clock when the message is stored.
 */
public record NewMessage(
    String type,
    String payload,
    int priority,
    Duration delay,
    Optional<String> dedupeKey,
    Optional<Integer> maxAttempts) {
  public NewMessage {
    requireNonNull(type, "type is null");
    requireNonNull(payload, "payload is null");
    requireNonNull(delay, "delay is null");
    requireNonNull(dedupeKey, "dedupeKey is null");
    requireNonNull(maxAttempts, "maxAttempts is null");
  }

  public static NewMessage of(String type, String payload) {
    return new NewMessage(type, payload, 0, Duration.ZERO, Optional.empty(), Optional.empty());
  }

  public NewMessage withPriority(int newPriority) {
    return new NewMessage(type, payload, newPriority, delay, dedupeKey, maxAttempts);
  }

  public NewMessage withDelay(Duration newDelay) {
    return new NewMessage(type, payload, priority, newDelay, dedupeKey, maxAttempts);
  }

  public NewMessage withDedupeKey(String key) {
    return new NewMessage(type, payload, priority, delay, Optional.of(key), maxAttempts);
  }

  public NewMessage withMaxAttempts(int attempts) {
    return new NewMessage(type, payload, priority, delay, dedupeKey, Optional.of(attempts));
  }
}
