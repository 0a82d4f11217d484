package org.scheduler.app.queue;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.MetricRegistry;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.scheduler.app.lifecycle.Service;
import org.scheduler.jobs.queue.QueueAdmin;
import org.scheduler.jobs.queue.QueueMetrics;
import org.scheduler.jobs.queue.QueueWorkers;
import org.scheduler.jobs.queue.QueuesConfig;

/**
 * Runs the queue consumers of this node, and registers the queue gauges that need the database
 * (depth, oldest ready age), which are computed at most every few seconds whoever reads them.
 */
public final class QueueWorkerService implements Service {
  private static final long GAUGE_CACHE_SECONDS = 5;

  private final QueueWorkers workers;
  private final QueuesConfig queues;
  private final QueueAdmin admin;
  private final MetricRegistry registry;

  @Inject
  public QueueWorkerService(
      QueueWorkers workers, QueuesConfig queues, QueueAdmin admin, MetricRegistry registry) {
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
  public void start() {
    CachedGauge<Map<String, QueueAdmin.Stats>> stats =
        new CachedGauge<>(GAUGE_CACHE_SECONDS, TimeUnit.SECONDS) {
          @Override
          protected Map<String, QueueAdmin.Stats> loadValue() {
            try {
              return admin.stats(queues.queues().keySet());
            } catch (SQLException e) {
              return Map.of();
            }
          }
        };
    for (String queue : queues.queues().keySet()) {
      registry.gauge(
          MetricRegistry.name("queue", queue, QueueMetrics.DEPTH),
          () ->
              () -> {
                QueueAdmin.Stats each = stats.getValue().get(queue);
                return each == null ? null : each.depth();
              });
      registry.gauge(
          MetricRegistry.name("queue", queue, QueueMetrics.OLDEST_READY_AGE),
          () ->
              () -> {
                QueueAdmin.Stats each = stats.getValue().get(queue);
                return each == null
                    ? null
                    : each.oldestReadyAge().map(age -> age.toMillis() / 1000.0).orElse(0.0);
              });
    }
    workers.start();
  }

  @Override
  public void stop() throws InterruptedException {
    workers.stop(QueueWorkers.STOP_TIMEOUT);
  }

  @Override
  public String name() {
    return "queue workers";
  }
}
