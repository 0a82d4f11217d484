package org.scheduler.jobs.cleanup;

import static org.scheduler.jobs.spi.JobTypeBinder.jobTypeBinder;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

/** The {@code cleanup} job type, and the pruning of the job-run history. */
public final class CleanupModule extends AbstractModule {
  @Override
  protected void configure() {
    jobTypeBinder(binder()).bind(CleanupJobType.create());
    Multibinder.newSetBinder(binder(), Pruner.class).addBinding().to(JobRunPruner.class);
  }
}
