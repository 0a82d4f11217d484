package org.scheduler.app.node;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.scheduler.app.conf.NodeConfig;
import org.scheduler.app.lifecycle.Service;
import org.scheduler.app.quartz.QuartzSchedulerService;
import org.scheduler.app.queue.QueueService;
import org.scheduler.jobs.queue.QueueWorkers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the node out of service without stopping the process: readiness turns 503 and the scheduler
 * goes to standby at once, handing the triggers it acquired back to the other nodes (scheduled work
 * owes nothing to the load balancer, so it need not wait); after {@code node.drainDelay} for the
 * load balancer to notice, the queue consumers stop claiming, finish the message at hand and give
 * the rest of their batches back at once.
 */
public final class NodeDrainer implements Service {
  private static final Logger log = LoggerFactory.getLogger(NodeDrainer.class);

  private final DrainState state;
  private final NodeConfig node;
  private final QueueService queues;
  private final QuartzSchedulerService scheduler;
  private final ExecutorService background =
      Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "drain"));

  @Inject
  public NodeDrainer(
      DrainState state, NodeConfig node, QueueService queues, QuartzSchedulerService scheduler) {
    this.state = requireNonNull(state, "state is null");
    this.node = requireNonNull(node, "node is null");
    this.queues = requireNonNull(queues, "queues is null");
    this.scheduler = requireNonNull(scheduler, "scheduler is null");
  }

  /** Marks the node not ready and waits the drain delay; false if it was already draining. */
  public boolean announce() throws InterruptedException {
    if (!state.start()) {
      return false;
    }
    scheduler.standby();
    log.info(
        "Draining: not ready from now on, scheduler in standby; waiting {} for the load balancer",
        node.drainDelay());
    Thread.sleep(node.drainDelay().toMillis());
    return true;
  }

  /** Starts {@link #drain()} on the drainer's own thread (for the API, which answers at once). */
  public void drainInBackground() {
    background.execute(
        () -> {
          try {
            drain();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (Exception e) {
            log.warn("Drain failed", e);
          }
        });
  }

  @Override
  public Phase phase() {
    return Phase.HTTP;
  }

  @Override
  public void start() {}

  /** A drain still under way when the node stops is cut short; stopping drains anyway. */
  @Override
  public void stop() throws InterruptedException {
    background.shutdownNow();
    background.awaitTermination(QueueWorkers.STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The whole drain; the process keeps running, idle, until it is stopped. */
  public void drain() throws Exception {
    if (!announce()) {
      return;
    }
    queues.drain();
    log.info("Drained: no queue work claimed, scheduler in standby");
  }
}
