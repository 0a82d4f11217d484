package org.scheduler.app.metrics;

import static org.scheduler.app.http.HttpModule.endpoints;
import static org.scheduler.app.lifecycle.LifecycleModule.services;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jvm.ClassLoadingGaugeSet;
import com.codahale.metrics.jvm.GarbageCollectorMetricSet;
import com.codahale.metrics.jvm.MemoryUsageGaugeSet;
import com.codahale.metrics.jvm.ThreadStatesGaugeSet;
import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import org.scheduler.app.conf.yaml.ConfSections;

/** The node's one metric registry, with JVM metrics, exported over JMX and as Prometheus text. */
public final class MetricsModule extends AbstractModule {
  private final MetricsConfig config;

  public MetricsModule(ConfSections conf) {
    this.config = conf.section("metrics", MetricsConfig::from);
  }

  public MetricsConfig config() {
    return config;
  }

  @Override
  protected void configure() {
    bind(MetricsConfig.class).toInstance(config);
    bind(MetricRegistry.class).toInstance(jvmMetrics(new MetricRegistry()));
    bind(JmxExportService.class).in(Scopes.SINGLETON);
    services(binder()).addBinding().to(JmxExportService.class);
    endpoints(binder()).addBinding().to(PrometheusEndpoint.class);
  }

  private static MetricRegistry jvmMetrics(MetricRegistry registry) {
    registry.register("jvm.memory", new MemoryUsageGaugeSet());
    registry.register("jvm.gc", new GarbageCollectorMetricSet());
    registry.register("jvm.threads", new ThreadStatesGaugeSet());
    registry.register("jvm.classes", new ClassLoadingGaugeSet());
    return registry;
  }
}
