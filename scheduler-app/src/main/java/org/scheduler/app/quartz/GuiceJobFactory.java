package org.scheduler.app.quartz;

import static java.util.Objects.requireNonNull;

import com.google.inject.Injector;
import jakarta.inject.Inject;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/** Builds each run's job through Guice, so job classes get their dependencies injected. */
final class GuiceJobFactory implements JobFactory {
  private final Injector injector;

  @Inject
  GuiceJobFactory(Injector injector) {
    this.injector = requireNonNull(injector, "injector is null");
  }

  @Override
  public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
    Class<? extends Job> jobClass = bundle.getJobDetail().getJobClass();
    try {
      return injector.getInstance(jobClass);
    } catch (RuntimeException e) {
      throw new SchedulerException("cannot build job " + jobClass.getName() + ": " + e, e);
    }
  }
}
