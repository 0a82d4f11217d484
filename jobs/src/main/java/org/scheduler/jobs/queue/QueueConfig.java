package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * One queue's settings ({@code queues.<name>} in scheduler.yaml): how many consumers each node
 * runs, the bounds and target of the adaptive batch size, the lease, retries and retention. The
 * nested records are the file's nested sections.
 */
public record QueueConfig(
    String name,
    int concurrency,
    Batch batch,
    Duration lease,
    int maxAttempts,
    RetryBackoff backoff,
    Duration pollInterval,
    int maxPayloadBytes,
    Webhook webhook,
    Retention retention) {
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;

  /**
   * Payload bytes one claim may bring into the heap: a thousand small messages fit, while large
   * ones come a few at a time (a claim always takes at least one message).
   */
  public static final long DEFAULT_BATCH_MAX_BYTES = 4L * 1024 * 1024;

  public QueueConfig {
    requireNonNull(name, "name is null");
    requireNonNull(batch, "batch is null");
    requireNonNull(lease, "lease is null");
    requireNonNull(backoff, "backoff is null");
    requireNonNull(pollInterval, "pollInterval is null");
    requireNonNull(webhook, "webhook is null");
    requireNonNull(retention, "retention is null");
  }

  /** {@code batch}: bounds of the adaptive claim size, and how long a batch should take. */
  public record Batch(int min, int max, long maxBytes, Duration targetDuration) {
    public Batch {
      requireNonNull(targetDuration, "targetDuration is null");
    }
  }

  /** {@code backoff}: the retry delay, doubled per failed attempt, capped, spread by jitter. */
  public record RetryBackoff(Duration initial, Duration max, int jitterPercent) {
    public RetryBackoff {
      requireNonNull(initial, "initial is null");
      requireNonNull(max, "max is null");
    }
  }

  /** {@code webhook}: where the {@code webhook} handler posts this queue's messages. */
  public record Webhook(Optional<URI> url, Duration timeout) {
    public Webhook {
      requireNonNull(url, "url is null");
      requireNonNull(timeout, "timeout is null");
    }
  }

  /** {@code retention}: how long acked history and dead letters are kept. */
  public record Retention(Duration acked, Duration dead) {
    public Retention {
      requireNonNull(acked, "acked is null");
      requireNonNull(dead, "dead is null");
    }
  }

  /** The settings a queue has when scheduler.yaml names it without any. */
  public static QueueConfig defaults(String name) {
    return new QueueConfig(
        name,
        4,
        new Batch(1, 1000, DEFAULT_BATCH_MAX_BYTES, Duration.ofSeconds(1)),
        Duration.ofSeconds(30),
        5,
        new RetryBackoff(Duration.ofSeconds(1), Duration.ofMinutes(10), 20),
        Duration.ofMillis(500),
        DEFAULT_MAX_PAYLOAD_BYTES,
        new Webhook(Optional.empty(), Duration.ofSeconds(10)),
        new Retention(Duration.ofDays(7), Duration.ofDays(30)));
  }

  public QueueConfig withConcurrency(int consumers) {
    return new QueueConfig(
        name,
        consumers,
        batch,
        lease,
        maxAttempts,
        backoff,
        pollInterval,
        maxPayloadBytes,
        webhook,
        retention);
  }

  public QueueConfig withBatch(int min, int max, Duration target) {
    return withBatch(new Batch(min, max, batch.maxBytes(), target));
  }

  public QueueConfig withBatchMaxBytes(long bytes) {
    return withBatch(new Batch(batch.min(), batch.max(), bytes, batch.targetDuration()));
  }

  private QueueConfig withBatch(Batch newBatch) {
    return new QueueConfig(
        name,
        concurrency,
        newBatch,
        lease,
        maxAttempts,
        backoff,
        pollInterval,
        maxPayloadBytes,
        webhook,
        retention);
  }

  public QueueConfig withLease(Duration newLease) {
    return new QueueConfig(
        name,
        concurrency,
        batch,
        newLease,
        maxAttempts,
        backoff,
        pollInterval,
        maxPayloadBytes,
        webhook,
        retention);
  }

  public QueueConfig withRetries(int attempts, Duration initial, Duration maxDelay, int jitter) {
    return new QueueConfig(
        name,
        concurrency,
        batch,
        lease,
        attempts,
        new RetryBackoff(initial, maxDelay, jitter),
        pollInterval,
        maxPayloadBytes,
        webhook,
        retention);
  }

  public QueueConfig withPollInterval(Duration interval) {
    return new QueueConfig(
        name,
        concurrency,
        batch,
        lease,
        maxAttempts,
        backoff,
        interval,
        maxPayloadBytes,
        webhook,
        retention);
  }

  public QueueConfig withWebhook(Optional<URI> url, Duration timeout) {
    return new QueueConfig(
        name,
        concurrency,
        batch,
        lease,
        maxAttempts,
        backoff,
        pollInterval,
        maxPayloadBytes,
        new Webhook(url, timeout),
        retention);
  }
}
