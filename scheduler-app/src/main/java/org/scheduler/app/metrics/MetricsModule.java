package org.scheduler.app.metrics;

import static org.scheduler.app.lifecycle.LifecycleModule.services;

import com.codahale.metrics.MetricRegistry;
import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/** The node's one metric registry, exported over JMX. */
public final class MetricsModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(MetricRegistry.class).toInstance(new MetricRegistry());
    bind(JmxExportService.class).in(Scopes.SINGLETON);
    services(binder()).addBinding().to(JmxExportService.class);
  }
}
