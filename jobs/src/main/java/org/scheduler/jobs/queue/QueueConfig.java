package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * One queue's settings ({@code queues.<name>} in scheduler.yaml): how many consumers each node
 * runs, the bounds and target of the adaptive batch size, the lease, retries, retention and the
 * limits per message type. The nested records are the file's nested sections.
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
    Retention retention,
    HandlerTimeouts timeouts,
    Map<String, Limit> limits) {
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
    requireNonNull(timeouts, "timeouts is null");
    limits = Map.copyOf(limits);
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

  /**
   * {@code webhook}: where the {@code webhook} handler posts this queue's messages, and whether it
   * posts all of a claim's webhook messages in one request ({@code batch}, only with a url).
   */
  public record Webhook(Optional<URI> url, Duration timeout, boolean batch) {
    public Webhook {
      requireNonNull(url, "url is null");
      requireNonNull(timeout, "timeout is null");
      if (batch && url.isEmpty()) {
        throw new IllegalArgumentException("a webhook batch needs the queue's webhook url");
      }
    }
  }

  /** {@code retention}: how long acked history and dead letters are kept. */
  public record Retention(Duration acked, Duration dead) {
    public Retention {
      requireNonNull(acked, "acked is null");
      requireNonNull(dead, "dead is null");
    }
  }

  /**
   * {@code handlerTimeout} and {@code handlerTimeouts}: how long one message's handler may run
   * before it is interrupted and the message retried, and the types that may take longer.
   */
  public record HandlerTimeouts(Duration handler, Map<String, Duration> byType) {
    public HandlerTimeouts {
      requireNonNull(handler, "handler is null");
      byType = Map.copyOf(byType);
    }

    /** Half the lease: a hung handler is given up on while its claim is still held. */
    static HandlerTimeouts defaultsFor(Duration lease) {
      return new HandlerTimeouts(lease.dividedBy(2), Map.of());
    }

    public Duration forType(String type) {
      return byType.getOrDefault(type, handler);
    }
  }

  /**
   * {@code limits.<type>}: at most {@code concurrency} messages of the type claimed at once across
   * the cluster, and at most {@code perSecond} claimed per second, from a token bucket shared by
   * the cluster that holds up to {@code burst} tokens. Either may be absent.
   */
  public record Limit(OptionalInt concurrency, OptionalDouble perSecond, double burst) {
    public Limit {
      requireNonNull(concurrency, "concurrency is null");
      requireNonNull(perSecond, "perSecond is null");
      if (concurrency.isPresent() && concurrency.getAsInt() < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1");
      }
      if (perSecond.isPresent() && !(perSecond.getAsDouble() > 0)) {
        throw new IllegalArgumentException("rate must be more than 0");
      }
      if (!(burst >= 1)) {
        throw new IllegalArgumentException("burst must be at least 1");
      }
    }

    /**
     * What the bucket holds {@code elapsedSeconds} after it held {@code stored}: refilled at the
     * rate, up to the burst; 0 for a limit without a rate.
     */
    public double refilled(double stored, double elapsedSeconds) {
      return perSecond.isPresent()
          ? Math.min(burst, stored + Math.max(0, elapsedSeconds) * perSecond.getAsDouble())
          : 0;
    }

    public static Limit concurrency(int concurrency) {
      return new Limit(OptionalInt.of(concurrency), OptionalDouble.empty(), 1);
    }

    /** A rate whose bucket holds one second's worth (at least one token). */
    public static Limit rate(double perSecond) {
      return new Limit(OptionalInt.empty(), OptionalDouble.of(perSecond), Math.max(1, perSecond));
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
        new Webhook(Optional.empty(), Duration.ofSeconds(10), false),
        new Retention(Duration.ofDays(7), Duration.ofDays(30)),
        HandlerTimeouts.defaultsFor(Duration.ofSeconds(30)),
        Map.of());
  }

  public QueueConfig withConcurrency(int consumers) {
    return copy(parts -> parts.concurrency = consumers);
  }

  public QueueConfig withBatch(int min, int max, Duration target) {
    return copy(parts -> parts.batch = new Batch(min, max, batch.maxBytes(), target));
  }

  public QueueConfig withBatchMaxBytes(long bytes) {
    return copy(
        parts -> parts.batch = new Batch(batch.min(), batch.max(), bytes, batch.targetDuration()));
  }

  /** A new lease; timeouts still at their default follow it. */
  public QueueConfig withLease(Duration newLease) {
    return copy(
        parts -> {
          if (parts.timeouts.equals(HandlerTimeouts.defaultsFor(parts.lease))) {
            parts.timeouts = HandlerTimeouts.defaultsFor(newLease);
          }
          parts.lease = newLease;
        });
  }

  public QueueConfig withHandlerTimeout(Duration timeout, Map<String, Duration> byType) {
    return copy(parts -> parts.timeouts = new HandlerTimeouts(timeout, byType));
  }

  public QueueConfig withRetries(int attempts, Duration initial, Duration maxDelay, int jitter) {
    return copy(
        parts -> {
          parts.maxAttempts = attempts;
          parts.backoff = new RetryBackoff(initial, maxDelay, jitter);
        });
  }

  public QueueConfig withPollInterval(Duration interval) {
    return copy(parts -> parts.pollInterval = interval);
  }

  public QueueConfig withWebhook(Optional<URI> url, Duration timeout) {
    return copy(parts -> parts.webhook = new Webhook(url, timeout, false));
  }

  public QueueConfig withWebhookBatch(URI url, Duration timeout) {
    return copy(parts -> parts.webhook = new Webhook(Optional.of(url), timeout, true));
  }

  public QueueConfig withLimits(Map<String, Limit> byType) {
    return copy(parts -> parts.limits = byType);
  }

  private QueueConfig copy(Consumer<Parts> change) {
    Parts parts = new Parts(this);
    change.accept(parts);
    return new QueueConfig(
        name,
        parts.concurrency,
        parts.batch,
        parts.lease,
        parts.maxAttempts,
        parts.backoff,
        parts.pollInterval,
        maxPayloadBytes,
        parts.webhook,
        retention,
        parts.timeouts,
        parts.limits);
  }

  /** The components that the {@code with} methods change. */
  private static final class Parts {
    private int concurrency;
    private Batch batch;
    private Duration lease;
    private int maxAttempts;
    private RetryBackoff backoff;
    private Duration pollInterval;
    private Webhook webhook;
    private HandlerTimeouts timeouts;
    private Map<String, Limit> limits;

    private Parts(QueueConfig config) {
      concurrency = config.concurrency;
      batch = config.batch;
      lease = config.lease;
      maxAttempts = config.maxAttempts;
      backoff = config.backoff;
      pollInterval = config.pollInterval;
      webhook = config.webhook;
      timeouts = config.timeouts;
      limits = config.limits;
    }
  }
}
