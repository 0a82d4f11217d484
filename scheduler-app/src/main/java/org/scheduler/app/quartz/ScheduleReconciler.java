package org.scheduler.app.quartz;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.scheduler.api.JobType;
import org.scheduler.app.conf.JobDefinition;
import org.scheduler.app.conf.JobsConf;
import org.scheduler.app.conf.Schedule;
import org.scheduler.app.database.AdvisoryLock;
import org.scheduler.app.quartz.StoredSchedule.StoredJob;
import org.scheduler.app.quartz.StoredSchedule.StoredTrigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the cluster's schedule match a {@link JobsConf}: new jobs scheduled, changed ones replaced,
 * removed ones deleted, unchanged ones untouched so their next fire time is kept, and triggers that
 * Quartz cannot load rebuilt. Runs under a PostgreSQL advisory lock, so nodes reconciling at once
 * take turns and the later one finds nothing to do.
 *
 * <p>The stored schedule is read in one statement and the writes go to Quartz in batches of {@value
 * #BATCH} jobs per transaction: 10,000 jobs take seconds, not one round trip per job, and each
 * batch holds Quartz's trigger lock only briefly, so triggers keep firing meanwhile.
 */
public final class ScheduleReconciler {
  private static final Logger log = LoggerFactory.getLogger(ScheduleReconciler.class);

  /** "SCHEDULE" in ASCII: the advisory lock key of reconciling. */
  static final long LOCK_KEY = 0x5343_4845_4455_4C45L;

  private static final Duration LOCK_TIMEOUT = Duration.ofMinutes(5);
  private static final int BATCH = 500;

  /** Jobs written in one reconcile past which the tables' statistics are refreshed at once. */
  private static final int LARGE_CHANGE = 50;

  private final Scheduler scheduler;
  private final DataSource dataSource;
  private final Map<String, JobType> types;
  private final QuartzJobs quartzJobs;
  private final StoredSchedule stored;

  public ScheduleReconciler(
      Scheduler scheduler,
      DataSource dataSource,
      Map<String, JobType> types,
      QuartzJobs quartzJobs) {
    this.scheduler = requireNonNull(scheduler, "scheduler is null");
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.types = Map.copyOf(requireNonNull(types, "types is null"));
    this.quartzJobs = requireNonNull(quartzJobs, "quartzJobs is null");
    this.stored = new StoredSchedule(dataSource);
  }

  /**
   * What one reconcile changed; {@code repaired} counts the changed jobs whose trigger was broken.
   */
  public record Result(int added, int changed, int removed, int unchanged, int repaired) {
    public Result(int added, int changed, int removed, int unchanged) {
      this(added, changed, removed, unchanged, 0);
    }

    @Override
    public String toString() {
      return added
          + " added, "
          + changed
          + " changed, "
          + removed
          + " removed, "
          + unchanged
          + " unchanged"
          + (repaired > 0 ? ", " + repaired + " broken trigger(s) rebuilt" : "");
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

  private Result applyLocked(JobsConf conf) throws SchedulerException, SQLException {
    Map<String, StoredJob> existing = new HashMap<>();
    for (StoredJob job : stored.jobs()) {
      existing.put(job.name(), job);
    }
    Map<JobDetail, Set<? extends Trigger>> toSchedule = new LinkedHashMap<>();
    List<JobDetail> toDisable = new ArrayList<>();
    int added = 0;
    int changed = 0;
    int unchanged = 0;
    int repaired = 0;
    for (JobDefinition definition : conf.jobs()) {
      StoredJob current = existing.remove(definition.name());
      if (current != null && isCurrent(current, definition)) {
        unchanged++;
        continue;
      }
      if (current == null) {
        added++;
      } else {
        changed++;
        Optional<String> problem = current.trigger().flatMap(StoredTrigger::problem);
        if (problem.isPresent()) {
          repaired++;
          log.warn("Job {}: {}; rebuilding it from jobs.yaml", definition.name(), problem.get());
        }
      }
      JobDetail job = quartzJobs.jobDetail(definition, type(definition), startsPaused(current));
      if (definition.enabled()) {
        toSchedule.put(job, Set.of(quartzJobs.trigger(definition)));
      } else {
        toDisable.add(job);
      }
    }
    schedule(toSchedule);
    for (JobDetail job : toDisable) {
      scheduler.addJob(job, true);
      scheduler.unscheduleJob(QuartzJobs.triggerKey(job.getKey().getName()));
    }
    List<JobKey> stale = existing.keySet().stream().sorted().map(QuartzJobs::jobKey).toList();
    for (List<JobKey> batch : batches(stale)) {
      scheduler.deleteJobs(batch);
    }
    if (added + changed + stale.size() >= LARGE_CHANGE) {
      stored.refreshStatistics();
    }
    return new Result(added, changed, stale.size(), unchanged, repaired);
  }

  /** One transaction per batch; a replaced trigger keeps its pause inside it (ClusterJobStore). */
  private void schedule(Map<JobDetail, Set<? extends Trigger>> jobs) throws SchedulerException {
    Map<JobDetail, Set<? extends Trigger>> batch = new LinkedHashMap<>();
    for (Map.Entry<JobDetail, Set<? extends Trigger>> entry : jobs.entrySet()) {
      batch.put(entry.getKey(), entry.getValue());
      if (batch.size() == BATCH) {
        scheduler.scheduleJobs(batch, true);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      scheduler.scheduleJobs(batch, true);
    }
  }

  private static boolean isCurrent(StoredJob current, JobDefinition definition) {
    if (!definition.fingerprint().equals(current.fingerprint())) {
      return false;
    }
    if (!definition.enabled()) {
      return current.trigger().isEmpty();
    }
    return current
        .trigger()
        .filter(trigger -> trigger.problem().isEmpty())
        .filter(trigger -> trigger.kind().equals(kind(definition.schedule())))
        .isPresent();
  }

  private static String kind(Schedule schedule) {
    return schedule instanceof Schedule.Every ? "SIMPLE" : "CRON";
  }

  /**
   * A pause belongs to the operator, not to the definition: it outlives edits (the job store keeps
   * a replaced trigger paused) and a disable (the job remembers it for when a trigger returns).
   */
  private static boolean startsPaused(StoredJob current) {
    if (current == null) {
      return false;
    }
    return current.trigger().map(StoredTrigger::paused).orElse(current.startPaused());
  }

  private JobType type(JobDefinition definition) {
    JobType type = types.get(definition.type());
    if (type == null) {
      throw new IllegalStateException("job type " + definition.type() + " is not registered");
    }
    return type;
  }

  private static <T> List<List<T>> batches(List<T> items) {
    List<List<T>> batches = new ArrayList<>();
    for (int from = 0; from < items.size(); from += BATCH) {
      batches.add(items.subList(from, Math.min(items.size(), from + BATCH)));
    }
    return batches;
  }
}
