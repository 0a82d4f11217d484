package org.scheduler.app.metrics;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import jakarta.inject.Inject;
import org.scheduler.app.lifecycle.Service;

/** Exports the node's one metric registry as MBeans under {@code metrics.jmxDomain}. */
public final class JmxExportService implements Service {
  private final MetricsConfig config;
  private final MetricRegistry registry;
  private JmxReporter reporter;

  @Inject
  public JmxExportService(MetricsConfig config, MetricRegistry registry) {
    this.config = requireNonNull(config, "config is null");
    this.registry = requireNonNull(registry, "registry is null");
  }

  @Override
  public Phase phase() {
    return Phase.DATABASE_SERVER;
  }

  @Override
  public synchronized void start() {
    if (config.jmx()) {
      reporter = JmxReporter.forRegistry(registry).inDomain(config.jmxDomain()).build();
      reporter.start();
    }
  }

  @Override
  public synchronized void stop() {
    if (reporter != null) {
      reporter.stop();
      reporter = null;
    }
  }
}
