package org.scheduler.app.quartz;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A job with a {@code timeout} in jobs.yaml: it runs on a thread of {@code runners} while the
 * Quartz thread waits at most the timeout. Past it the job is interrupted and its run ends as
 * {@link JobTimedOutException} at once, so the Quartz thread is free for the next trigger; a job
 * that ignores the interrupt runs out on its runner thread, logged once.
 */
final class TimedJob implements Job {
  private static final Logger log = LoggerFactory.getLogger(TimedJob.class);

  /** How long an interrupted job has to give up before it is left to run out. */
  private static final Duration GRACE = Duration.ofMillis(100);

  private final Job job;
  private final Duration timeout;
  private final ExecutorService runners;

  TimedJob(Job job, Duration timeout, ExecutorService runners) {
    this.job = requireNonNull(job, "job is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.runners = requireNonNull(runners, "runners is null");
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    var mdc = MDC.getCopyOfContextMap();
    CountDownLatch returned = new CountDownLatch(1);
    Future<?> run =
        runners.submit(
            () -> {
              if (mdc != null) {
                MDC.setContextMap(mdc);
              }
              try {
                job.execute(context);
                return null;
              } finally {
                MDC.clear();
                returned.countDown();
              }
            });
    try {
      run.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof JobExecutionException failure) {
        throw failure;
      }
      throw new JobExecutionException(e.getCause(), false);
    } catch (TimeoutException e) {
      run.cancel(true);
      if (!returnedWithinGrace(returned)) {
        log.warn(
            "Job {} went on after being interrupted at its timeout of {}; it is left to run out"
                + " on its own thread, and its next run may start before it ends",
            context.getJobDetail().getKey().getName(),
            timeout);
      }
      throw new JobTimedOutException(timeout);
    } catch (InterruptedException e) {
      // the scheduler is shutting down: pass the interrupt on to the job
      run.cancel(true);
      Thread.currentThread().interrupt();
      throw new JobExecutionException("interrupted while the job ran", e, false);
    }
  }

  private static boolean returnedWithinGrace(CountDownLatch returned) {
    try {
      return returned.await(GRACE.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
