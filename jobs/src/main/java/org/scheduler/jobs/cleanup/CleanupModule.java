package org.scheduler.jobs.cleanup;

import static org.scheduler.api.JobTypeBinder.jobTypeBinder;
import static org.scheduler.api.PrunerBinder.pruners;

import com.google.inject.AbstractModule;

/** The {@code cleanup} job type, and the pruning of the job-run history. */
public final class CleanupModule extends AbstractModule {
  @Override
  protected void configure() {
    jobTypeBinder(binder()).bind(CleanupJobType.create());
    pruners(binder()).addBinding().to(JobRunPruner.class);
  }
}
