package org.scheduler.app.quartz;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ScheduleBuilder;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.scheduler.api.JobParams;
import org.scheduler.api.JobType;
import org.scheduler.app.conf.JobDefinition;
import org.scheduler.app.conf.Schedule;

/** Turns a {@link JobDefinition} into the Quartz job and trigger that run it. */
public final class QuartzJobs {
  /** The Quartz group of every job and trigger that jobs.yaml defines. */
  public static final String GROUP = "conf";

  public static final String TYPE_KEY = "type";
  public static final String FINGERPRINT_KEY = "fingerprint";
  public static final String MISFIRE_KEY = "misfire";
  public static final String SCHEDULE_KEY = "schedule";
  public static final String TIMEOUT_KEY = "timeout";

  private final Clock clock;

  public QuartzJobs(Clock clock) {
    this.clock = requireNonNull(clock, "clock is null");
  }

  public static JobKey jobKey(String name) {
    return JobKey.jobKey(name, GROUP);
  }

  public static TriggerKey triggerKey(String name) {
    return TriggerKey.triggerKey(name, GROUP);
  }

  /** Durable, so that a disabled job (no trigger) is still known to the cluster. */
  public JobDetail jobDetail(JobDefinition definition, JobType type) {
    return jobDetail(definition, type, false);
  }

  /**
   * @param startPaused whether a trigger created for the job starts paused: an operator paused it
   *     before it was disabled
   */
  public JobDetail jobDetail(JobDefinition definition, JobType type, boolean startPaused) {
    JobBuilder builder = JobBuilder.newJob(type.jobClass());
    definition
        .timeout()
        .ifPresent(timeout -> builder.usingJobData(TIMEOUT_KEY, timeout.toString()));
    return builder
        .withIdentity(jobKey(definition.name()))
        .withDescription(definition.type())
        .storeDurably()
        .requestRecovery(type.recoverable())
        .usingJobData(TYPE_KEY, definition.type())
        .usingJobData(FINGERPRINT_KEY, definition.fingerprint())
        .usingJobData(JobParams.JOB_DATA_KEY, definition.params().toJson())
        .usingJobData(ClusterJobStore.START_PAUSED_KEY, Boolean.toString(startPaused))
        .build();
  }

  public Trigger trigger(JobDefinition definition) {
    TriggerBuilder<Trigger> builder =
        TriggerBuilder.newTrigger()
            .withIdentity(triggerKey(definition.name()))
            .forJob(jobKey(definition.name()))
            .withDescription(definition.schedule().describe())
            .usingJobData(MISFIRE_KEY, definition.misfire().confName())
            .usingJobData(SCHEDULE_KEY, definition.schedule().describe());
    if (definition.schedule() instanceof Schedule.Every every) {
      return builder
          .startAt(alignedStart(every.interval()))
          .withSchedule(simpleSchedule(every, definition))
          .build();
    }
    return builder
        .startAt(Date.from(clock.instant()))
        .withSchedule(cronSchedule((Schedule.Cron) definition.schedule(), definition))
        .build();
  }

  private static ScheduleBuilder<?> cronSchedule(Schedule.Cron cron, JobDefinition definition) {
    CronScheduleBuilder schedule =
        CronScheduleBuilder.cronSchedule(cron.expression())
            .inTimeZone(TimeZone.getTimeZone(definition.timeZone()));
    return switch (definition.misfire()) {
      case FIRE_NOW -> schedule.withMisfireHandlingInstructionFireAndProceed();
      case SKIP -> schedule.withMisfireHandlingInstructionDoNothing();
      case FIRE_ALL -> schedule.withMisfireHandlingInstructionIgnoreMisfires();
    };
  }

  private static ScheduleBuilder<?> simpleSchedule(Schedule.Every every, JobDefinition definition) {
    SimpleScheduleBuilder schedule =
        SimpleScheduleBuilder.simpleSchedule()
            .withIntervalInMilliseconds(every.interval().toMillis())
            .repeatForever();
    return switch (definition.misfire()) {
      case FIRE_NOW -> schedule.withMisfireHandlingInstructionNowWithExistingCount();
      case SKIP -> schedule.withMisfireHandlingInstructionNextWithRemainingCount();
      case FIRE_ALL -> schedule.withMisfireHandlingInstructionIgnoreMisfires();
    };
  }

  /**
   * Interval slots are whole multiples of the interval since the epoch, so that every node, and
   * every reconcile, computes the same slots.
   */
  private Date alignedStart(Duration interval) {
    long millis = interval.toMillis();
    long now = clock.millis();
    return new Date((now / millis + 1) * millis);
  }
}
