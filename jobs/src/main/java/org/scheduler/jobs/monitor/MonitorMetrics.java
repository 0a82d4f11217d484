package org.scheduler.jobs.monitor;

import static com.codahale.metrics.MetricRegistry.name;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The repository monitor's metrics, per repository: {@code repository-monitor.<owner/name>.} {@code
 * api-calls.<2xx|304|4xx|5xx>}, {@code rate-limit-remaining}, {@code pull-requests-discovered},
 * {@code pull-requests-changed}.
 */
final class MonitorMetrics {
  private final MetricRegistry registry;
  private final Map<String, AtomicLong> remaining = new ConcurrentHashMap<>();

  @Inject
  public MonitorMetrics(MetricRegistry registry) {
    this.registry = registry;
  }

  void apiCall(String repository, int status) {
    String kind = status == 304 ? "304" : (status / 100) + "xx";
    registry.counter(name("repository-monitor", repository, "api-calls", kind)).inc();
  }

  void rateLimitRemaining(String repository, long value) {
    remaining
        .computeIfAbsent(
            repository,
            key -> {
              AtomicLong holder = new AtomicLong(-1);
              registry.gauge(
                  name("repository-monitor", key, "rate-limit-remaining"),
                  () -> (Gauge<Long>) holder::get);
              return holder;
            })
        .set(value);
  }

  void discovered(String repository, int count) {
    registry.counter(name("repository-monitor", repository, "pull-requests-discovered")).inc(count);
  }

  void changed(String repository, int count) {
    registry.counter(name("repository-monitor", repository, "pull-requests-changed")).inc(count);
  }
}
