package org.scheduler.app.queue;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.MetricRegistry;
import jakarta.inject.Inject;
import org.scheduler.app.lifecycle.Service;
import org.scheduler.jobs.queue.QueueAdmin;
import org.scheduler.jobs.queue.QueueLimitGauges;
import org.scheduler.jobs.queue.QueueMetrics;
import org.scheduler.jobs.queue.QueueWorkers;
import org.scheduler.jobs.queue.QueuesConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of this node's queue work: starts the consumers and the database gauges, drains
 * (consumers stop claiming, finish the message at hand and give the rest of their batches back) and
 * stops, each at most once, in that order, whoever asks: the lifecycle at start and stop, the
 * drainer in between.
 */
public final class QueueService implements Service {
  private static final Logger log = LoggerFactory.getLogger(QueueService.class);

  /** Where the service is; it only moves forward. */
  public enum State {
    STARTING,
    RUNNING,
    DRAINING,
    STOPPED
  }

  private final QueueWorkers workers;
  private final QueuesConfig queues;
  private final QueueAdmin admin;
  private final MetricRegistry registry;
  private final QueueLimitGauges limitGauges;
  private State state = State.STARTING;

  @Inject
  public QueueService(
      QueueWorkers workers,
      QueuesConfig queues,
      QueueAdmin admin,
      MetricRegistry registry,
      QueueLimitGauges limitGauges) {
    this.limitGauges = requireNonNull(limitGauges, "limitGauges is null");
    this.workers = requireNonNull(workers, "workers is null");
    this.queues = requireNonNull(queues, "queues is null");
    this.admin = requireNonNull(admin, "admin is null");
    this.registry = requireNonNull(registry, "registry is null");
  }

  @Override
  public Phase phase() {
    return Phase.QUEUE_WORKERS;
  }

  @Override
  public synchronized void start() {
    if (state != State.STARTING) {
      return;
    }
    QueueMetrics.registerDatabaseGauges(registry, admin, queues.queues().keySet());
    limitGauges.refresh(queues.queues().keySet());
    workers.start();
    state = State.RUNNING;
  }

  /**
   * Stops claiming and waits at most {@link QueueWorkers#STOP_TIMEOUT} for the consumers to settle;
   * the node keeps running. Does nothing unless running.
   */
  public synchronized void drain() throws InterruptedException {
    if (state != State.RUNNING) {
      return;
    }
    state = State.DRAINING;
    workers.stop(QueueWorkers.STOP_TIMEOUT);
    log.info("Queue consumers drained");
  }

  /** Stops the consumers (at once if drained already). Safe to call twice. */
  @Override
  public synchronized void stop() throws InterruptedException {
    if (state == State.STOPPED) {
      return;
    }
    State before = state;
    state = State.STOPPED;
    if (before == State.RUNNING) {
      workers.stop(QueueWorkers.STOP_TIMEOUT);
    }
  }

  public synchronized State state() {
    return state;
  }

  @Override
  public String name() {
    return "queue workers";
  }
}
