package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * One queue's settings ({@code queues.<name>} in scheduler.yaml): how many consumers each node
 * runs, the bounds and target of the adaptive batch size, the lease, retries and retention.
 */
public record QueueConfig(
    String name,
    int concurrency,
    int batchMin,
    int batchMax,
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
    return new QueueConfig(
        name,
        consumers,
        batchMin,
        batchMax,
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

  public QueueConfig withBatch(int min, int max, Duration target) {
    return new QueueConfig(
        name,
        concurrency,
        min,
        max,
        target,
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

  public QueueConfig withLease(Duration newLease) {
    return new QueueConfig(
        name,
        concurrency,
        batchMin,
        batchMax,
        targetBatchDuration,
        newLease,
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

  public QueueConfig withRetries(int attempts, Duration initial, Duration maxDelay, int jitter) {
    return new QueueConfig(
        name,
        concurrency,
        batchMin,
        batchMax,
        targetBatchDuration,
        lease,
        attempts,
        initial,
        maxDelay,
        jitter,
        pollInterval,
        maxPayloadBytes,
        webhookUrl,
        webhookTimeout,
        historyRetention,
        deadRetention);
  }

  public QueueConfig withPollInterval(Duration interval) {
    return new QueueConfig(
        name,
        concurrency,
        batchMin,
        batchMax,
        targetBatchDuration,
        lease,
        maxAttempts,
        backoffInitial,
        backoffMax,
        jitterPercent,
        interval,
        maxPayloadBytes,
        webhookUrl,
        webhookTimeout,
        historyRetention,
        deadRetention);
  }

  public QueueConfig withWebhook(Optional<URI> url, Duration timeout) {
    return new QueueConfig(
        name,
        concurrency,
        batchMin,
        batchMax,
        targetBatchDuration,
        lease,
        maxAttempts,
        backoffInitial,
        backoffMax,
        jitterPercent,
        pollInterval,
        maxPayloadBytes,
        url,
        timeout,
        historyRetention,
        deadRetention);
  }
}
