package org.scheduler.app.queue;

import static org.scheduler.app.http.HttpModule.endpoints;
import static org.scheduler.app.lifecycle.LifecycleModule.services;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/** The queue's place in the node: its workers' lifecycle and its HTTP endpoints. */
public final class QueueApiModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(QueueService.class).in(Scopes.SINGLETON);
    services(binder()).addBinding().to(QueueService.class);
    endpoints(binder()).addBinding().to(QueueEndpoints.ListQueues.class);
    endpoints(binder()).addBinding().to(QueueEndpoints.Enqueue.class);
    endpoints(binder()).addBinding().to(QueueEndpoints.ListDead.class);
    endpoints(binder()).addBinding().to(QueueEndpoints.RetryDead.class);
  }
}
