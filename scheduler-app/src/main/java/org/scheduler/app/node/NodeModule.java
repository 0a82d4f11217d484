package org.scheduler.app.node;

import static org.scheduler.app.health.HealthModule.checks;
import static org.scheduler.app.http.HttpModule.endpoints;
import static org.scheduler.app.lifecycle.LifecycleModule.services;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import org.scheduler.app.conf.NodeConfig;
import org.scheduler.app.conf.yaml.ConfSections;

/** The node's own state: draining, and the endpoint that starts it. */
public final class NodeModule extends AbstractModule {
  private final NodeConfig config;

  public NodeModule(ConfSections conf) {
    this.config = conf.section("node", NodeConfig::from);
  }

  public NodeConfig config() {
    return config;
  }

  @Override
  protected void configure() {
    bind(NodeConfig.class).toInstance(config);
    bind(DrainState.class).in(Scopes.SINGLETON);
    bind(NodeDrainer.class).in(Scopes.SINGLETON);
    services(binder()).addBinding().to(NodeDrainer.class);
    checks(binder()).addBinding().to(DrainState.class);
    endpoints(binder()).addBinding().to(DrainEndpoint.class);
  }
}
