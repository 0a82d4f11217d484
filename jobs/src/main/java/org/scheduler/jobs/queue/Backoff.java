package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Retry delays: the initial delay doubled after every failed attempt, capped, then spread by a
 * random jitter of up to the queue's percentage either way so that failures that happened together
 * are not all retried together.
 */
final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final double jitter;
  private final DoubleSupplier random;

  public Backoff(QueueConfig config, DoubleSupplier random) {
    this.initial = config.backoff().initial();
    this.max = config.backoff().max();
    this.jitter = config.backoff().jitterPercent() / 100.0;
    this.random = requireNonNull(random, "random is null");
  }

  /** The delay before the next attempt after attempt number {@code attempt} (1-based) failed. */
  public Duration delayAfter(int attempt) {
    double base = initial.toNanos() * Math.pow(2, Math.min(attempt - 1, 40));
    double capped = Math.min(base, max.toNanos());
    double spread = capped * (1 + jitter * (2 * random.getAsDouble() - 1));
    return Duration.ofNanos((long) Math.max(0, spread));
  }
}
