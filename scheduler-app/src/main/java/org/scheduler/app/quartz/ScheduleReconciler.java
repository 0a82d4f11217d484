package org.scheduler.app.quartz;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.scheduler.app.conf.JobDefinition;
import org.scheduler.app.conf.JobsConf;
import org.scheduler.jobs.spi.JobType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the cluster's schedule match a {@link JobsConf}: new jobs scheduled, changed ones replaced,
 * removed ones deleted, unchanged ones untouched so their next fire time is kept. Runs under a
 * PostgreSQL advisory lock, so nodes reconciling at once take turns and the later one finds nothing
 * to do.
 */
public final class ScheduleReconciler {
  private static final Logger log = LoggerFactory.getLogger(ScheduleReconciler.class);

  /** "SCHEDULE" in ASCII: the advisory lock key of reconciling. */
  static final long LOCK_KEY = 0x5343_4845_4455_4C45L;

  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(60);

  private final Scheduler scheduler;
  private final DataSource dataSource;
  private final Map<String, JobType> types;
  private final QuartzJobs quartzJobs;

  public ScheduleReconciler(
      Scheduler scheduler,
      DataSource dataSource,
      Map<String, JobType> types,
      QuartzJobs quartzJobs) {
    this.scheduler = requireNonNull(scheduler, "scheduler is null");
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.types = Map.copyOf(requireNonNull(types, "types is null"));
    this.quartzJobs = requireNonNull(quartzJobs, "quartzJobs is null");
  }

  /** What one reconcile changed. */
  public record Result(int added, int changed, int removed, int unchanged) {
    @Override
    public String toString() {
      return added
          + " added, "
          + changed
          + " changed, "
          + removed
          + " removed, "
          + unchanged
          + " unchanged";
    }
  }

  public Result apply(JobsConf conf) throws SchedulerException, SQLException {
    return apply(conf, result -> {});
  }

  /** Work done under the reconcile lock right after the schedule was made to match. */
  public interface AfterApply {
    void run(Result result) throws SQLException;
  }

  /** Applies {@code conf}, then runs {@code after} before the lock is released. */
  public Result apply(JobsConf conf, AfterApply after) throws SchedulerException, SQLException {
    try (AdvisoryLock lock = AdvisoryLock.acquire(dataSource, LOCK_KEY, LOCK_TIMEOUT)) {
      Result result = applyLocked(conf);
      after.run(result);
      log.info("Schedule reconciled with jobs.yaml: {}", result);
      return result;
    }
  }

  private Result applyLocked(JobsConf conf) throws SchedulerException {
    int added = 0;
    int changed = 0;
    int unchanged = 0;
    Set<JobKey> stale =
        new HashSet<>(scheduler.getJobKeys(GroupMatcher.jobGroupEquals(QuartzJobs.GROUP)));
    for (JobDefinition definition : conf.jobs()) {
      JobKey key = QuartzJobs.jobKey(definition.name());
      stale.remove(key);
      JobDetail existing = scheduler.getJobDetail(key);
      if (existing == null) {
        schedule(definition, false);
        added++;
      } else if (isCurrent(existing, definition)) {
        unchanged++;
      } else {
        schedule(definition, true);
        changed++;
      }
    }
    for (JobKey key : stale) {
      scheduler.deleteJob(key);
    }
    return new Result(added, changed, stale.size(), unchanged);
  }

  private boolean isCurrent(JobDetail existing, JobDefinition definition)
      throws SchedulerException {
    boolean sameDefinition =
        definition
            .fingerprint()
            .equals(existing.getJobDataMap().getString(QuartzJobs.FINGERPRINT_KEY));
    boolean hasTrigger = scheduler.checkExists(QuartzJobs.triggerKey(definition.name()));
    return sameDefinition && hasTrigger == definition.enabled();
  }

  private void schedule(JobDefinition definition, boolean replace) throws SchedulerException {
    JobType type = types.get(definition.type());
    if (type == null) {
      throw new IllegalStateException("job type " + definition.type() + " is not registered");
    }
    JobDetail job = quartzJobs.jobDetail(definition, type);
    if (definition.enabled()) {
      Trigger trigger = quartzJobs.trigger(definition);
      TriggerKey key = trigger.getKey();
      // an operator's pause outlives edits of the job's definition
      boolean paused = replace && scheduler.getTriggerState(key) == Trigger.TriggerState.PAUSED;
      scheduler.scheduleJob(job, Set.of(trigger), replace);
      if (paused) {
        scheduler.pauseTrigger(key);
      }
    } else {
      scheduler.addJob(job, replace);
      scheduler.unscheduleJob(QuartzJobs.triggerKey(definition.name()));
    }
  }
}
