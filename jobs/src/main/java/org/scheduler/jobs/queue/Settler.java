package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.time.Duration;
import org.scheduler.jobs.jdbc.ConnectionProblems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a settle statement (ack, retry, dead-letter, release) until it gets through or the claim's
 * lease ends. A restart of PostgreSQL breaks the statement's connection, yet the lease, on the
 * database clock, is still ours: giving up then would let another node deliver the whole batch
 * again when the lease expires. Repeating is safe because every settle statement names the claim's
 * token and touches only messages still claimed under it, so a repeat after a commit whose answer
 * was lost changes nothing.
 */
final class Settler {
  private static final Logger log = LoggerFactory.getLogger(Settler.class);
  private static final Duration FIRST_PAUSE = Duration.ofMillis(50);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(1);

  /** One settle statement. */
  interface Statement<T> {
    T run() throws SQLException;
  }

  /** What the statement answered, and whether an earlier try may already have committed. */
  record Outcome<T>(T value, boolean repeated) {}

  private final QueueMetrics metrics;
  private final String queue;

  Settler(QueueMetrics metrics, String queue) {
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.queue = requireNonNull(queue, "queue is null");
  }

  <T> Outcome<T> settle(String what, Lease lease, Statement<T> statement)
      throws SQLException, InterruptedException {
    Duration pause = FIRST_PAUSE;
    boolean repeated = false;
    while (true) {
      try {
        return new Outcome<>(statement.run(), repeated);
      } catch (SQLException e) {
        if (!ConnectionProblems.isConnectionProblem(e) || lease.remaining().compareTo(pause) <= 0) {
          metrics.settleFailures().mark();
          throw e;
        }
        if (!repeated) {
          log.info(
              "{} of a claim on queue {} failed ({}); repeating while the lease lasts ({} left)",
              what,
              queue,
              e.toString(),
              lease.remaining());
        }
        metrics.settleRetries().mark();
        repeated = true;
        Thread.sleep(pause.toMillis());
        pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
      }
    }
  }
}
