package org.scheduler.app.reload;

import static org.scheduler.app.http.HttpModule.endpoints;
import static org.scheduler.app.lifecycle.LifecycleModule.services;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/** Hot reload of jobs.yaml: the watcher, the reload itself, the applied versions, the API. */
public final class ReloadModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(ConfReloader.class).in(Scopes.SINGLETON);
    bind(ConfWatcher.class).in(Scopes.SINGLETON);
    services(binder()).addBinding().to(ConfWatcher.class);
    endpoints(binder()).addBinding().to(ConfEndpoints.Reload.class);
    endpoints(binder()).addBinding().to(ConfEndpoints.Show.class);
    endpoints(binder()).addBinding().to(ClusterEndpoint.class);
  }
}
