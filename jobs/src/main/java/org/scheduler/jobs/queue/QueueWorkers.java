package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.MetricRegistry;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every queue's consumers on this node ({@code concurrency} threads per queue), and the one
 * maintenance loop that makes due delayed messages and expired leases claimable again.
 */
public final class QueueWorkers {
  private static final Logger log = LoggerFactory.getLogger(QueueWorkers.class);
  private static final int MAINTENANCE_LIMIT = 10_000;
  private static final Duration MAINTENANCE_INTERVAL = Duration.ofMillis(250);

  /** How long a stop waits for the consumers to finish the message at hand, whoever stops them. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final QueuesConfig queues;
  private final QueueStore store;
  private final Map<String, MessageHandler> handlers;
  private final Map<String, BatchSizeController> controllers = new LinkedHashMap<>();
  private final Map<String, QueueMetrics> metrics = new LinkedHashMap<>();
  private final List<RunUntilStopped> loops = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  private final QueueWakeups wakeups;

  /** Workers that only poll: nothing enqueued in this process wakes them. */
  public QueueWorkers(
      QueuesConfig queues,
      QueueStore store,
      Map<String, MessageHandler> handlers,
      MetricRegistry registry) {
    this(queues, store, handlers, registry, new QueueWakeups());
  }

  @Inject
  public QueueWorkers(
      QueuesConfig queues,
      QueueStore store,
      Map<String, MessageHandler> handlers,
      MetricRegistry registry,
      QueueWakeups wakeups) {
    this.wakeups = requireNonNull(wakeups, "wakeups is null");
    this.queues = requireNonNull(queues, "queues is null");
    this.store = requireNonNull(store, "store is null");
    this.handlers = Map.copyOf(requireNonNull(handlers, "handlers is null"));
    for (QueueConfig config : queues.queues().values()) {
      BatchSizeController controller = new BatchSizeController(config, System::nanoTime);
      controllers.put(config.name(), controller);
      metrics.put(config.name(), new QueueMetrics(registry, config.name(), controller::size));
    }
  }

  /** The current claim size of a queue on this node. */
  public Optional<Integer> batchSize(String queue) {
    return Optional.ofNullable(controllers.get(queue)).map(BatchSizeController::size);
  }

  public synchronized void start() {
    for (QueueConfig config : queues.queues().values()) {
      QueueConsumer consumer =
          new QueueConsumer(
              config,
              store,
              handlers,
              controllers.get(config.name()),
              new Backoff(config, () -> ThreadLocalRandom.current().nextDouble()),
              metrics.get(config.name()));
      for (int i = 1; i <= config.concurrency(); i++) {
        String name = "queue-" + config.name() + "-" + i;
        RunUntilStopped loop =
            new RunUntilStopped(
                name, running -> consumer.runBatch(running) > 0, config.pollInterval());
        wakeups.register(config.name(), loop::wake);
        launch(name, loop);
      }
      log.info(
          "Queue {}: {} consumer(s), batch {}..{} aiming at {} per batch, lease {}",
          config.name(),
          config.concurrency(),
          config.batch().min(),
          config.batch().max(),
          config.batch().targetDuration(),
          config.lease());
    }
    if (!queues.queues().isEmpty()) {
      launch(
          "queue-maintenance",
          new RunUntilStopped(
              "queue maintenance",
              running ->
                  store.promoteDelayed(MAINTENANCE_LIMIT) + store.reclaimExpired(MAINTENANCE_LIMIT)
                      >= MAINTENANCE_LIMIT,
              MAINTENANCE_INTERVAL));
    }
  }

  private void launch(String name, RunUntilStopped loop) {
    Thread thread = new Thread(loop, name);
    loops.add(loop);
    threads.add(thread);
    thread.start();
  }

  /**
   * Stops claiming; consumers finish the message at hand, give the rest of their batch back and
   * settle. Waits at most {@code timeout} for them. Safe to call twice.
   */
  public synchronized void stop(Duration timeout) throws InterruptedException {
    wakeups.clear();
    loops.forEach(RunUntilStopped::stop);
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread thread : threads) {
      thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      if (thread.isAlive()) {
        log.warn(
            "{} still busy after {}; its messages come back when their lease expires",
            thread.getName(),
            timeout);
      }
    }
    loops.clear();
    threads.clear();
  }
}
