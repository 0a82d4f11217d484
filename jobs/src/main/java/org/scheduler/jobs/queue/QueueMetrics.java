package org.scheduler.jobs.queue;

import static com.codahale.metrics.MetricRegistry.name;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The queues' metrics on this node, named {@code queue.<name>.<metric>}: one instance per queue for
 * what its consumers measure, and {@link #registerDatabaseGauges} for what only the database knows.
 */
public final class QueueMetrics {
  public static final String PROCESSED = "processed";
  public static final String FAILED = "failed";
  public static final String DEAD = "dead";
  public static final String REFUSED = "refused";
  public static final String SETTLE_RETRIES = "settle-retries";
  public static final String SETTLE_FAILURES = "settle-failures";
  public static final String TIMED_OUT = "timed-out";
  public static final String ABANDONED = "abandoned";
  public static final String BATCH = "batch";
  public static final String MESSAGE = "message";
  public static final String BATCH_SIZE = "batch-size";
  public static final String DEPTH = "depth";
  public static final String OLDEST_READY_AGE = "oldest-ready-age-seconds";

  private static final long DATABASE_GAUGE_CACHE_SECONDS = 5;

  private final Meter processed;
  private final Meter failed;
  private final Meter dead;
  private final Meter refused;
  private final Meter settleRetries;
  private final Meter settleFailures;
  private final Meter timedOut;
  private final Meter abandoned;
  private final Timer batch;
  private final Timer message;

  public QueueMetrics(MetricRegistry registry, String queue, Supplier<Integer> batchSize) {
    this.processed = registry.meter(name("queue", queue, PROCESSED));
    this.failed = registry.meter(name("queue", queue, FAILED));
    this.dead = registry.meter(name("queue", queue, DEAD));
    this.refused = registry.meter(name("queue", queue, REFUSED));
    this.settleRetries = registry.meter(name("queue", queue, SETTLE_RETRIES));
    this.settleFailures = registry.meter(name("queue", queue, SETTLE_FAILURES));
    this.timedOut = registry.meter(name("queue", queue, TIMED_OUT));
    this.abandoned = registry.meter(name("queue", queue, ABANDONED));
    this.batch = registry.timer(name("queue", queue, BATCH));
    this.message = registry.timer(name("queue", queue, MESSAGE));
    registry.gauge(name("queue", queue, BATCH_SIZE), () -> (Gauge<Integer>) batchSize::get);
  }

  /**
   * Each queue's depth and oldest ready age, as the database counts them across the cluster; read
   * at most every {@value #DATABASE_GAUGE_CACHE_SECONDS} seconds whoever reads them, so scraping
   * costs the database one query per interval.
   */
  public static void registerDatabaseGauges(
      MetricRegistry registry, QueueAdmin admin, Set<String> queues) {
    CachedGauge<Map<String, QueueAdmin.Stats>> stats =
        new CachedGauge<>(DATABASE_GAUGE_CACHE_SECONDS, TimeUnit.SECONDS) {
          @Override
          protected Map<String, QueueAdmin.Stats> loadValue() {
            try {
              return admin.stats(queues);
            } catch (SQLException e) {
              return Map.of();
            }
          }
        };
    for (String queue : queues) {
      registry.gauge(
          name("queue", queue, DEPTH),
          () ->
              () -> {
                QueueAdmin.Stats each = stats.getValue().get(queue);
                return each == null ? null : each.depth();
              });
      registry.gauge(
          name("queue", queue, OLDEST_READY_AGE),
          () ->
              () -> {
                QueueAdmin.Stats each = stats.getValue().get(queue);
                return each == null
                    ? null
                    : each.oldestReadyAge().map(age -> age.toMillis() / 1000.0).orElse(0.0);
              });
    }
  }

  /** Messages handled and acked. */
  public Meter processed() {
    return processed;
  }

  /** Attempts that failed and will be retried. */
  public Meter failed() {
    return failed;
  }

  /** Messages dead-lettered. */
  public Meter dead() {
    return dead;
  }

  /** Acks, retries or dead letters refused because the claim's lease had been taken over. */
  public Meter refused() {
    return refused;
  }

  /** Settle statements repeated after a connection problem (a database restart, a failover). */
  public Meter settleRetries() {
    return settleRetries;
  }

  /** Settle statements given up on: not a connection problem, or the lease ran out first. */
  public Meter settleFailures() {
    return settleFailures;
  }

  /** Handlers interrupted for running past their timeout. */
  public Meter timedOut() {
    return timedOut;
  }

  /** Timed-out handlers that went on despite the interrupt, left to run out on their own thread. */
  public Meter abandoned() {
    return abandoned;
  }

  public Timer batch() {
    return batch;
  }

  public Timer message() {
    return message;
  }
}
