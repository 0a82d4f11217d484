package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One queue's settings ({@code queues.<name>} in scheduler.yaml): how many consumers each node
 * runs, the bounds and target of the adaptive batch size, the lease, retries and retention.
 */
public record QueueConfig(
    String name,
    int concurrency,
    int batchMin,
    int batchMax,
    long batchMaxBytes,
    Duration targetBatchDuration,
    Duration lease,
    int maxAttempts,
    Duration backoffInitial,
    Duration backoffMax,
    int jitterPercent,
    Duration pollInterval,
    int maxPayloadBytes,
    Optional<URI> webhookUrl,
    Duration webhookTimeout,
    Duration historyRetention,
    Duration deadRetention) {
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;

  /**
   * Payload bytes one claim may bring into the heap: a thousand small messages fit, while large
   * ones come a few at a time (a claim always takes at least one message).
   */
  public static final long DEFAULT_BATCH_MAX_BYTES = 4L * 1024 * 1024;

  public QueueConfig {
    requireNonNull(name, "name is null");
    requireNonNull(targetBatchDuration, "targetBatchDuration is null");
    requireNonNull(lease, "lease is null");
    requireNonNull(backoffInitial, "backoffInitial is null");
    requireNonNull(backoffMax, "backoffMax is null");
    requireNonNull(pollInterval, "pollInterval is null");
    requireNonNull(webhookUrl, "webhookUrl is null");
    requireNonNull(webhookTimeout, "webhookTimeout is null");
    requireNonNull(historyRetention, "historyRetention is null");
    requireNonNull(deadRetention, "deadRetention is null");
  }

  /** The settings a queue has when scheduler.yaml names it without any. */
  public static QueueConfig defaults(String name) {
    return new QueueConfig(
        name,
        4,
        1,
        1000,
        DEFAULT_BATCH_MAX_BYTES,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        5,
        Duration.ofSeconds(1),
        Duration.ofMinutes(10),
        20,
        Duration.ofMillis(500),
        DEFAULT_MAX_PAYLOAD_BYTES,
        Optional.empty(),
        Duration.ofSeconds(10),
        Duration.ofDays(7),
        Duration.ofDays(30));
  }

  public QueueConfig withConcurrency(int consumers) {
    return copy(copy -> copy.concurrency = consumers);
  }

  public QueueConfig withBatch(int min, int max, Duration target) {
    return copy(
        copy -> {
          copy.batchMin = min;
          copy.batchMax = max;
          copy.targetBatchDuration = target;
        });
  }

  public QueueConfig withBatchMaxBytes(long bytes) {
    return copy(copy -> copy.batchMaxBytes = bytes);
  }

  public QueueConfig withLease(Duration newLease) {
    return copy(copy -> copy.lease = newLease);
  }

  public QueueConfig withRetries(int attempts, Duration initial, Duration maxDelay, int jitter) {
    return copy(
        copy -> {
          copy.maxAttempts = attempts;
          copy.backoffInitial = initial;
          copy.backoffMax = maxDelay;
          copy.jitterPercent = jitter;
        });
  }

  public QueueConfig withPollInterval(Duration interval) {
    return copy(copy -> copy.pollInterval = interval);
  }

  public QueueConfig withWebhook(Optional<URI> url, Duration timeout) {
    return copy(
        copy -> {
          copy.webhookUrl = url;
          copy.webhookTimeout = timeout;
        });
  }

  private QueueConfig copy(Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.build();
  }

  /** The components of a config being changed by one of the {@code with} methods. */
  private static final class Copy {
    private final String name;
    private int concurrency;
    private int batchMin;
    private int batchMax;
    private long batchMaxBytes;
    private Duration targetBatchDuration;
    private Duration lease;
    private int maxAttempts;
    private Duration backoffInitial;
    private Duration backoffMax;
    private int jitterPercent;
    private Duration pollInterval;
    private final int maxPayloadBytes;
    private Optional<URI> webhookUrl;
    private Duration webhookTimeout;
    private final Duration historyRetention;
    private final Duration deadRetention;

    private Copy(QueueConfig config) {
      this.name = config.name;
      this.concurrency = config.concurrency;
      this.batchMin = config.batchMin;
      this.batchMax = config.batchMax;
      this.batchMaxBytes = config.batchMaxBytes;
      this.targetBatchDuration = config.targetBatchDuration;
      this.lease = config.lease;
      this.maxAttempts = config.maxAttempts;
      this.backoffInitial = config.backoffInitial;
      this.backoffMax = config.backoffMax;
      this.jitterPercent = config.jitterPercent;
      this.pollInterval = config.pollInterval;
      this.maxPayloadBytes = config.maxPayloadBytes;
      this.webhookUrl = config.webhookUrl;
      this.webhookTimeout = config.webhookTimeout;
      this.historyRetention = config.historyRetention;
      this.deadRetention = config.deadRetention;
    }

    private QueueConfig build() {
      return new QueueConfig(
          name,
          concurrency,
          batchMin,
          batchMax,
          batchMaxBytes,
          targetBatchDuration,
          lease,
          maxAttempts,
          backoffInitial,
          backoffMax,
          jitterPercent,
          pollInterval,
          maxPayloadBytes,
          webhookUrl,
          webhookTimeout,
          historyRetention,
          deadRetention);
    }
  }
}
