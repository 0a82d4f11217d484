package org.scheduler.app.queue;

import static org.scheduler.app.http.HttpModule.endpoints;
import static org.scheduler.app.lifecycle.LifecycleModule.services;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import org.scheduler.app.conf.yaml.ConfSections;
import org.scheduler.jobs.queue.QueuesConfig;

/**
 * The queue's place in the node: the {@code queues} section of scheduler.yaml, its workers'
 * lifecycle and its HTTP endpoints.
 */
public final class QueueApiModule extends AbstractModule {
  private final QueuesConfig config;

  public QueueApiModule(ConfSections conf) {
    this.config = conf.section("queues", QueuesConfigReader::read);
  }

  /** For the queue's own module in jobs, which binds it and builds a worker per queue. */
  public QueuesConfig config() {
    return config;
  }

  @Override
  protected void configure() {
    bind(QueueService.class).in(Scopes.SINGLETON);
    bind(QueueLimitsReload.class).in(Scopes.SINGLETON);
    services(binder()).addBinding().to(QueueService.class);
    endpoints(binder()).addBinding().to(QueueEndpoints.ListQueues.class);
    endpoints(binder()).addBinding().to(QueueEndpoints.Enqueue.class);
    endpoints(binder()).addBinding().to(ListMessagesEndpoint.class);
    endpoints(binder()).addBinding().to(QueueEndpoints.ListDead.class);
    endpoints(binder()).addBinding().to(QueueEndpoints.RetryDead.class);
  }
}
