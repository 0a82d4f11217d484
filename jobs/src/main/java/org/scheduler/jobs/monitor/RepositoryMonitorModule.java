package org.scheduler.jobs.monitor;

import static org.scheduler.api.JobStateBinder.jobStates;
import static org.scheduler.api.JobTypeBinder.jobTypeBinder;
import static org.scheduler.api.PrunerBinder.pruners;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.scheduler.jobs.http.LazyHttpClient;

/** The {@code repository-monitor} job type: its one HTTP client, its store, its metrics. */
public final class RepositoryMonitorModule extends AbstractModule {
  @Override
  protected void configure() {
    jobTypeBinder(binder()).bind(RepositoryMonitorJobType.create());
    bind(PullRequestStore.class).in(Scopes.SINGLETON);
    bind(MonitorMetrics.class).in(Scopes.SINGLETON);
    bind(RepositoryMonitor.class).in(Scopes.SINGLETON);
    pruners(binder()).addBinding().to(PullRequestPruner.class);
    jobStates(binder()).addBinding().to(MonitorJobState.class);
  }

  @Provides
  @Singleton
  PullRequestClient client(Clock clock) {
    return new PullRequestClient(LazyHttpClient.create(), clock, Duration.ofSeconds(1));
  }
}
