package org.scheduler.app.quartz;

import static java.util.Objects.requireNonNull;

import com.google.inject.Injector;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/**
 * Builds each run's job through Guice, so job classes get their dependencies injected; a job with a
 * {@code timeout} runs as a {@link TimedJob} on one of the timed-job threads.
 */
final class GuiceJobFactory implements JobFactory {
  private final Injector injector;
  // Each thread serves one run at a time, for as long as a Quartz thread waits on it, and ends a
  // minute after its last run; a stop waits for Quartz's threads, and so for these.
  private final ExecutorService timedRunners = Executors.newCachedThreadPool(timedThreads());

  @Inject
  GuiceJobFactory(Injector injector) {
    this.injector = requireNonNull(injector, "injector is null");
  }

  private static ThreadFactory timedThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "timed-job-" + count.incrementAndGet());
      thread.setDaemon(true); // a job left running past its timeout must not keep the JVM up
      return thread;
    };
  }

  @Override
  public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
    Class<? extends Job> jobClass = bundle.getJobDetail().getJobClass();
    try {
      Job job = injector.getInstance(jobClass);
      String timeout = bundle.getJobDetail().getJobDataMap().getString(QuartzJobs.TIMEOUT_KEY);
      return timeout == null ? job : new TimedJob(job, Duration.parse(timeout), timedRunners);
    } catch (RuntimeException e) {
      throw new SchedulerException("cannot build job " + jobClass.getName() + ": " + e, e);
    }
  }
}
