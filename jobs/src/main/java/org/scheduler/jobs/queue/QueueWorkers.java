package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.MetricRegistry;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.scheduler.api.MessageHandler;
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
  private final QueueLimits limits;
  private final QueueStore store;
  private final Map<String, MessageHandler> handlers;
  private final Map<String, BatchSizeController> controllers = new LinkedHashMap<>();
  private final Map<String, QueueMetrics> metrics = new LinkedHashMap<>();
  private final List<RunUntilStopped> loops = new ArrayList<>();
  private final List<HandlerThread> handlerThreads = new ArrayList<>();
  private final Map<String, ExecutorService> executors = new LinkedHashMap<>();

  private final QueueUpkeep upkeep;
  private final QueueWakeups wakeups = new QueueWakeups();
  private final QueueNotices notices;
  private volatile Duration maintenancePause = MAINTENANCE_INTERVAL;

  public QueueWorkers(
      QueuesConfig queues,
      QueueStore store,
      Map<String, MessageHandler> handlers,
      MetricRegistry registry) {
    this(queues, new QueueLimits(queues), store, handlers, registry);
  }

  @Inject
  public QueueWorkers(
      QueuesConfig queues,
      QueueLimits limits,
      QueueStore store,
      Map<String, MessageHandler> handlers,
      MetricRegistry registry) {
    this.queues = requireNonNull(queues, "queues is null");
    this.limits = requireNonNull(limits, "limits is null");
    this.store = requireNonNull(store, "store is null");
    this.upkeep = new QueueUpkeep(store.dataSource());
    this.notices = new QueueNotices(store.dataSource(), wakeups);
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
              limits,
              store,
              handlers,
              controllers.get(config.name()),
              new Backoff(config, () -> ThreadLocalRandom.current().nextDouble()),
              metrics.get(config.name()));
      if (config.concurrency() > 0) {
        ExecutorService consumers =
            Executors.newFixedThreadPool(
                config.concurrency(), numberedThreads("queue-" + config.name() + "-"));
        executors.put("queue " + config.name(), consumers);
        for (int i = 1; i <= config.concurrency(); i++) {
          HandlerThread handlerThread = new HandlerThread("queue-" + config.name() + "-" + i);
          handlerThreads.add(handlerThread);
          RunUntilStopped loop =
              new RunUntilStopped(
                  "queue-" + config.name() + "-" + i,
                  running ->
                      consumer.runBatch(
                              running, handlerThread, () -> wakeups.moreThanOneBatch(config.name()))
                          > 0,
                  config.pollInterval());
          wakeups.register(config.name(), loop);
          loops.add(loop);
          consumers.execute(loop);
        }
      }
      log.info(
          "Queue {}: {} consumer(s), batch {}..{} aiming at {} per batch, lease {}, handler"
              + " timeout {}",
          config.name(),
          config.concurrency(),
          config.batch().min(),
          config.batch().max(),
          config.batch().targetDuration(),
          config.lease(),
          config.timeouts().handler());
    }
    if (!queues.queues().isEmpty()) {
      RunUntilStopped maintenance =
          new RunUntilStopped("queue maintenance", running -> maintain(), () -> maintenancePause);
      wakeups.registerPromotion(maintenance);
      run("queue maintenance", maintenance);
    }
    if (queues.queues().values().stream().anyMatch(config -> config.concurrency() > 0)) {
      run(
          "queue notices",
          new RunUntilStopped("queue notices", notices::listen, QueueNotices.WAIT));
    }
  }

  /**
   * Makes due delayed messages and expired claims ready, then sleeps until the next delayed message
   * is due (at most {@link #MAINTENANCE_INTERVAL}); true when there is more to do now.
   */
  private boolean maintain() throws SQLException {
    QueueUpkeep.Promotion promotion = upkeep.promoteDelayed(MAINTENANCE_LIMIT);
    int reclaimed = upkeep.reclaimExpired(MAINTENANCE_LIMIT);
    maintenancePause =
        promotion
            .nextDue()
            .filter(due -> due.compareTo(MAINTENANCE_INTERVAL) < 0)
            .map(due -> due.isNegative() ? Duration.ZERO : due)
            .orElse(MAINTENANCE_INTERVAL);
    return promotion.promoted() + reclaimed >= MAINTENANCE_LIMIT;
  }

  private void run(String name, RunUntilStopped loop) {
    ExecutorService executor =
        Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, name.replace(' ', '-')));
    executors.put(name, executor);
    loops.add(loop);
    executor.execute(loop);
  }

  /** Threads named {@code prefix1}, {@code prefix2}...: a thread dump says which queue is busy. */
  private static ThreadFactory numberedThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> new Thread(runnable, prefix + count.incrementAndGet());
  }

  /**
   * Stops claiming; consumers finish the message at hand, give the rest of their batch back and
   * settle. Waits at most {@code timeout} for them. Safe to call twice.
   */
  public synchronized void stop(Duration timeout) throws InterruptedException {
    wakeups.clear();
    loops.forEach(RunUntilStopped::stop);
    long deadline = System.nanoTime() + timeout.toNanos();
    executors.values().forEach(ExecutorService::shutdown);
    for (Map.Entry<String, ExecutorService> executor : executors.entrySet()) {
      long left = Math.max(1, deadline - System.nanoTime());
      if (!executor.getValue().awaitTermination(left, TimeUnit.NANOSECONDS)) {
        log.warn(
            "{} still busy after {}; its messages come back when their lease expires",
            executor.getKey(),
            timeout);
      }
    }
    notices.close();
    handlerThreads.forEach(HandlerThread::close);
    handlerThreads.clear();
    loops.clear();
    executors.clear();
  }
}
