package org.scheduler.jobs.history;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/** The job-run history, written by the scheduler and read by the API and the cleanup job. */
public final class JobRunHistoryModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(JobRunHistory.class).in(Scopes.SINGLETON);
  }
}
