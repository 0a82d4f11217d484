package org.scheduler.app.quartz;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.JobPersistenceException;
import org.quartz.Scheduler;
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.TriggerKey;
import org.quartz.impl.jdbcjobstore.FiredTriggerRecord;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;
import org.quartz.spi.TriggerFiredResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz's JDBC job store, acquiring and firing triggers a batch at a time with a fixed number of
 * statements instead of about a dozen per trigger.
 *
 * <p>Quartz runs both steps under the cluster-wide trigger lock, on the one scheduler thread of
 * each node, one statement and one round trip after another: that capped a cluster at about 200
 * fires per second however many nodes and threads it had, while the worker threads waited idle.
 * Here acquisition is one read (trigger, kind and job rows joined), one state update and one insert
 * of the fired rows; firing is one read of states, one of jobs and two or three updates. The lock,
 * the states, the fired rows and what recovery reads from them stay exactly Quartz's.
 *
 * <p>What the bulk path does not cover goes Quartz's own way, trigger by trigger: kinds other than
 * cron and simple, triggers with a calendar, jobs that disallow concurrent execution, and rows that
 * cannot be read in bulk. A completed run whose job keeps no state and whose trigger needs no
 * update only deletes its fired row, without taking the lock that acquisition waits on.
 */
public class BatchFiringJobStore extends JobStoreTX {
  private static final Logger log = LoggerFactory.getLogger(BatchFiringJobStore.class);

  @Override
  protected List<OperableTrigger> acquireNextTrigger(
      Connection conn, long noLaterThan, int maxCount, long timeWindow)
      throws JobPersistenceException {
    if (timeWindow < 0) {
      throw new IllegalArgumentException("timeWindow is negative");
    }
    if (!(getDelegate() instanceof BatchFiringDelegate delegate)) {
      return super.acquireNextTrigger(conn, noLaterThan, maxCount, timeWindow);
    }
    try {
      List<OperableTrigger> chosen = new ArrayList<>();
      Set<JobKey> nonConcurrentJobs = new HashSet<>();
      long batchEnd = noLaterThan;
      for (BatchFiringDelegate.Candidate candidate :
          delegate.selectCandidates(conn, noLaterThan + timeWindow, getMisfireTime(), maxCount)) {
        OperableTrigger trigger =
            candidate.trigger() != null
                ? candidate.trigger()
                : retrieveTrigger(conn, candidate.key());
        if (trigger == null
            || (candidate.nonConcurrent() && !nonConcurrentJobs.add(trigger.getJobKey()))) {
          continue;
        }
        Date next = trigger.getNextFireTime();
        if (next == null) {
          log.warn("Trigger {} has no next fire time and yet is stored; skipped", trigger.getKey());
          continue;
        }
        if (next.getTime() > batchEnd) {
          break;
        }
        if (chosen.isEmpty()) {
          batchEnd = Math.max(next.getTime(), System.currentTimeMillis()) + timeWindow;
        }
        chosen.add(trigger);
      }
      if (chosen.isEmpty()) {
        return chosen;
      }
      Set<TriggerKey> acquired = delegate.markAcquired(conn, keys(chosen));
      chosen.removeIf(trigger -> !acquired.contains(trigger.getKey()));
      for (OperableTrigger trigger : chosen) {
        trigger.setFireInstanceId(getFiredTriggerRecordId());
      }
      if (!chosen.isEmpty()) {
        delegate.insertAcquired(conn, chosen);
      }
      return chosen;
    } catch (SQLException e) {
      throw new JobPersistenceException("Couldn't acquire next triggers: " + e.getMessage(), e);
    }
  }

  @Override
  public List<TriggerFiredResult> triggersFired(List<OperableTrigger> triggers)
      throws JobPersistenceException {
    if (!(getDelegate() instanceof BatchFiringDelegate delegate)) {
      return super.triggersFired(triggers);
    }
    return executeInNonManagedTXLock(
        LOCK_TRIGGER_ACCESS,
        conn -> fire(conn, delegate, triggers),
        (conn, results) -> anyExecuting(conn, results));
  }

  @Override
  public void triggeredJobComplete(
      OperableTrigger trigger, JobDetail job, CompletedExecutionInstruction instruction) {
    if (instruction != CompletedExecutionInstruction.NOOP
        || job.isConcurrentExecutionDisallowed()
        || job.isPersistJobDataAfterExecution()) {
      super.triggeredJobComplete(trigger, job, instruction);
      return;
    }
    // nothing but this run's own fired row changes, and no other transaction writes that row
    retryExecuteInNonManagedTXLock(
        null,
        conn -> {
          try {
            return getDelegate().deleteFiredTrigger(conn, trigger.getFireInstanceId());
          } catch (SQLException e) {
            throw new JobPersistenceException(
                "Couldn't delete fired trigger: " + e.getMessage(), e);
          }
        });
  }

  private List<TriggerFiredResult> fire(
      Connection conn, BatchFiringDelegate delegate, List<OperableTrigger> triggers)
      throws JobPersistenceException {
    TriggerFiredResult[] results = new TriggerFiredResult[triggers.size()];
    try {
      Map<TriggerKey, String> states = delegate.selectStates(conn, keys(triggers));
      Map<JobKey, JobDetail> jobs = jobsOf(conn, delegate, triggers);
      List<BatchFiringDelegate.Firing> firings = new ArrayList<>();
      for (int i = 0; i < results.length; i++) {
        OperableTrigger trigger = triggers.get(i);
        if (!STATE_ACQUIRED.equals(states.get(trigger.getKey()))) {
          results[i] = new TriggerFiredResult((TriggerFiredBundle) null);
          continue;
        }
        JobDetail job = jobs.get(trigger.getJobKey());
        if (job == null
            || job.isConcurrentExecutionDisallowed()
            || trigger.getCalendarName() != null) {
          results[i] = fireOne(conn, trigger);
          continue;
        }
        job = (JobDetail) job.clone();
        long slot = trigger.getNextFireTime().getTime();
        Date previous = trigger.getPreviousFireTime();
        trigger.triggered(null);
        firings.add(new BatchFiringDelegate.Firing(trigger, slot, job));
        results[i] =
            new TriggerFiredResult(
                new TriggerFiredBundle(
                    job,
                    trigger,
                    null,
                    Scheduler.DEFAULT_RECOVERY_GROUP.equals(trigger.getKey().getGroup()),
                    new Date(),
                    trigger.getPreviousFireTime(),
                    previous,
                    trigger.getNextFireTime()));
      }
      if (!firings.isEmpty()) {
        delegate.markExecuting(conn, firings);
        delegate.updateFired(conn, firings);
      }
      return Arrays.asList(results);
    } catch (SQLException e) {
      throw new JobPersistenceException("Couldn't fire triggers: " + e.getMessage(), e);
    }
  }

  /** The batch's jobs; one left out is fired Quartz's way, which reports what is wrong with it. */
  private Map<JobKey, JobDetail> jobsOf(
      Connection conn, BatchFiringDelegate delegate, List<OperableTrigger> triggers)
      throws SQLException {
    Set<JobKey> keys = new LinkedHashSet<>();
    for (OperableTrigger trigger : triggers) {
      keys.add(trigger.getJobKey());
    }
    return delegate.selectJobs(conn, keys, getClassLoadHelper());
  }

  /** Quartz's own firing of one trigger, its failure kept as that trigger's result. */
  private TriggerFiredResult fireOne(Connection conn, OperableTrigger trigger) {
    try {
      return new TriggerFiredResult(triggerFired(conn, trigger));
    } catch (JobPersistenceException | RuntimeException e) {
      return new TriggerFiredResult(e);
    }
  }

  /** After a failed commit: whether the batch was stored after all (Quartz's own check). */
  private boolean anyExecuting(Connection conn, List<TriggerFiredResult> results)
      throws JobPersistenceException {
    try {
      Set<String> executing = new HashSet<>();
      for (FiredTriggerRecord fired :
          getDelegate().selectInstancesFiredTriggerRecords(conn, getInstanceId())) {
        if (STATE_EXECUTING.equals(fired.getFireInstanceState())) {
          executing.add(fired.getFireInstanceId());
        }
      }
      for (TriggerFiredResult result : results) {
        TriggerFiredBundle bundle = result.getTriggerFiredBundle();
        if (bundle != null && executing.contains(bundle.getTrigger().getFireInstanceId())) {
          return true;
        }
      }
      return false;
    } catch (SQLException e) {
      throw new JobPersistenceException("error validating trigger firing", e);
    }
  }

  private static List<TriggerKey> keys(List<OperableTrigger> triggers) {
    List<TriggerKey> keys = new ArrayList<>(triggers.size());
    for (OperableTrigger trigger : triggers) {
      keys.add(trigger.getKey());
    }
    return keys;
  }
}
