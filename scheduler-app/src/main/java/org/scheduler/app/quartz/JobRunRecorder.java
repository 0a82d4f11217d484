package org.scheduler.app.quartz;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.MetricRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.TriggerListener;
import org.scheduler.api.Progress;
import org.scheduler.app.conf.MisfirePolicy;
import org.scheduler.jobs.history.JobRun.Outcome;
import org.scheduler.jobs.history.JobRunHistory;
import org.scheduler.jobs.history.JobRunHistory.Ended;
import org.scheduler.jobs.history.JobRunHistory.Started;
import org.scheduler.jobs.history.JobRunWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Records every run (through the batching {@link JobRunWriter}: a job's start waits for no write)
 * and every misfire in the job-run history. A history write that fails is logged and the job runs
 * anyway: the schedule matters more than its record.
 */
final class JobRunRecorder implements JobListener, TriggerListener {
  private static final Logger log = LoggerFactory.getLogger(JobRunRecorder.class);
  private static final String RUN = JobRunRecorder.class.getName() + ".run";

  /** MDC key: the job a log line written during its run is about. */
  static final String MDC_JOB = "job";

  private final JobRunWriter writer;
  private final JobRunHistory history;
  private final String nodeId;
  private final MetricRegistry metrics;
  private final Clock clock;

  JobRunRecorder(
      JobRunWriter writer,
      JobRunHistory history,
      String nodeId,
      MetricRegistry metrics,
      Clock clock) {
    this.writer = requireNonNull(writer, "writer is null");
    this.history = requireNonNull(history, "history is null");
    this.nodeId = requireNonNull(nodeId, "nodeId is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public String getName() {
    return "job-run-recorder";
  }

  @Override
  public void jobToBeExecuted(JobExecutionContext context) {
    MDC.put(MDC_JOB, context.getJobDetail().getKey().getName());
    JobRunWriter.Run run =
        writer.started(
            new Started(
                context.getJobDetail().getKey().getName(),
                context.getTrigger().getKey().getName(),
                context.getFireInstanceId(),
                nodeId,
                instant(context.getScheduledFireTime()),
                clock.instant(),
                context.isRecovering()));
    context.put(RUN, run);
    context.put(
        Progress.CONTEXT_KEY, (Progress.Reporter) progress -> writer.progressed(run, progress));
  }

  @Override
  public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
    try {
      recordEnd(context, failure);
    } finally {
      MDC.remove(MDC_JOB);
    }
  }

  private void recordEnd(JobExecutionContext context, JobExecutionException failure) {
    String job = context.getJobDetail().getKey().getName();
    if (hasMetrics(context, job)) {
      metrics.timer(JobMetrics.run(job)).update(context.getJobRunTime(), TimeUnit.MILLISECONDS);
      if (failure != null) {
        metrics.meter(JobMetrics.failures(job)).mark();
      }
    }
    if (failure != null) {
      log.warn("Job {} failed", context.getJobDetail().getKey().getName(), failure);
    }
    if (context.get(RUN) instanceof JobRunWriter.Run run) {
      writer.ended(
          run,
          new Ended(
              clock.instant(),
              failure == null
                  ? Outcome.SUCCEEDED
                  : failure instanceof JobTimedOutException ? Outcome.TIMED_OUT : Outcome.FAILED,
              failure == null ? null : describe(failure),
              context.getResult() == null ? null : context.getResult().toString()));
    }
  }

  /**
   * Whether this run's metrics are kept: always once they exist; when they do not (the job's first
   * run on this node, or a run that ended after its job was removed and its metrics with it), only
   * if the job is still scheduled, so that a removed job's metrics do not come back.
   */
  private boolean hasMetrics(JobExecutionContext context, String job) {
    if (metrics.getMetrics().containsKey(JobMetrics.run(job))) {
      return true;
    }
    try {
      return context.getScheduler().checkExists(context.getJobDetail().getKey());
    } catch (SchedulerException e) {
      return true;
    }
  }

  @Override
  public void jobExecutionVetoed(JobExecutionContext context) {
    MDC.remove(MDC_JOB);
  }

  @Override
  public void triggerMisfired(Trigger trigger) {
    metrics.meter(JobMetrics.misfires(trigger.getJobKey().getName())).mark();
    // Called before the misfire instruction moves the trigger on: its next fire time is the slot
    // that was missed.
    String what =
        MisfirePolicy.fromConf(trigger.getJobDataMap().getString(QuartzJobs.MISFIRE_KEY))
            .map(
                policy ->
                    switch (policy) {
                      case FIRE_NOW -> "missed; runs once now";
                      case SKIP -> "missed; skipped to the next slot";
                      case FIRE_ALL -> "missed; every missed slot runs";
                    })
            .orElse("missed");
    try {
      history.misfired(
          trigger.getJobKey().getName(),
          trigger.getKey().getName(),
          nodeId,
          instant(trigger.getNextFireTime()),
          what);
    } catch (SQLException e) {
      log.warn("Could not record the misfire of {}: {}", trigger.getKey(), e.toString());
    }
  }

  @Override
  public void triggerFired(Trigger trigger, JobExecutionContext context) {}

  @Override
  public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
    return false;
  }

  @Override
  public void triggerComplete(
      Trigger trigger, JobExecutionContext context, CompletedExecutionInstruction instruction) {}

  private static String describe(JobExecutionException failure) {
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    String message = cause.getMessage() == null ? cause.getClass().getName() : cause.toString();
    return message.length() > 4000 ? message.substring(0, 4000) : message;
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
