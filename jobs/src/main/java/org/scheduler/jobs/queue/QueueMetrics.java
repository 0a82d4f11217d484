package org.scheduler.jobs.queue;

import static com.codahale.metrics.MetricRegistry.name;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.function.Supplier;

/** One queue's metrics on this node, named {@code queue.<name>.<metric>}. */
public final class QueueMetrics {
  public static final String PROCESSED = "processed";
  public static final String FAILED = "failed";
  public static final String DEAD = "dead";
  public static final String REFUSED = "refused";
  public static final String SETTLE_RETRIES = "settle-retries";
  public static final String SETTLE_FAILURES = "settle-failures";
  public static final String BATCH = "batch";
  public static final String MESSAGE = "message";
  public static final String BATCH_SIZE = "batch-size";
  public static final String DEPTH = "depth";
  public static final String OLDEST_READY_AGE = "oldest-ready-age-seconds";

  private final Meter processed;
  private final Meter failed;
  private final Meter dead;
  private final Meter refused;
  private final Meter settleRetries;
  private final Meter settleFailures;
  private final Timer batch;
  private final Timer message;

  public QueueMetrics(MetricRegistry registry, String queue, Supplier<Integer> batchSize) {
    this.processed = registry.meter(name("queue", queue, PROCESSED));
    this.failed = registry.meter(name("queue", queue, FAILED));
    this.dead = registry.meter(name("queue", queue, DEAD));
    this.refused = registry.meter(name("queue", queue, REFUSED));
    this.settleRetries = registry.meter(name("queue", queue, SETTLE_RETRIES));
    this.settleFailures = registry.meter(name("queue", queue, SETTLE_FAILURES));
    this.batch = registry.timer(name("queue", queue, BATCH));
    this.message = registry.timer(name("queue", queue, MESSAGE));
    registry.gauge(name("queue", queue, BATCH_SIZE), () -> (Gauge<Integer>) batchSize::get);
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

  public Timer batch() {
    return batch;
  }

  public Timer message() {
    return message;
  }
}
