package org.scheduler.jobs.monitor;

import static java.util.Objects.requireNonNull;
import static org.scheduler.api.JobTypeBinder.jobTypeBinder;
import static org.scheduler.api.PrunerBinder.pruners;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.scheduler.jobs.http.LazyHttpClient;
import org.scheduler.jobs.queue.QueuesConfig;

/** The {@code repository-monitor} job type: its one HTTP client, its store, its metrics. */
public final class RepositoryMonitorModule extends AbstractModule {
  private final QueuesConfig queues;

  public RepositoryMonitorModule(QueuesConfig queues) {
    this.queues = requireNonNull(queues, "queues is null");
  }

  @Override
  protected void configure() {
    jobTypeBinder(binder()).bind(RepositoryMonitorJobType.create(queues));
    bind(PullRequestStore.class).in(Scopes.SINGLETON);
    bind(MonitorMetrics.class).in(Scopes.SINGLETON);
    bind(RepositoryMonitor.class).in(Scopes.SINGLETON);
    pruners(binder()).addBinding().to(PullRequestPruner.class);
  }

  @Provides
  @Singleton
  PullRequestClient client(Clock clock) {
    return new PullRequestClient(LazyHttpClient.create(), clock, Duration.ofSeconds(1));
  }
}
