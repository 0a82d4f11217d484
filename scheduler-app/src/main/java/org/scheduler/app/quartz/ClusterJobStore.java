package org.scheduler.app.quartz;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.quartz.CronTrigger;
import org.quartz.JobDetail;
import org.quartz.JobPersistenceException;
import org.quartz.SimpleTrigger;
import org.quartz.TriggerKey;
import org.quartz.impl.jdbcjobstore.Constants;
import org.quartz.impl.jdbcjobstore.SchedulerStateRecord;
import org.quartz.spi.OperableTrigger;
import org.scheduler.jobs.jdbc.ConnectionProblems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clustered job store (batch firing: {@link BatchFiringJobStore}) with four corrections to
 * Quartz: three that a schedule edited by hand and a cluster's failures need, and one to its
 * release of an acquired trigger (see {@link #releaseAcquiredTrigger}).
 *
 * <p>Replacing a trigger: Quartz updates the trigger row in place and then the row of its kind's
 * own table, so a trigger that changes kind (cron to interval) keeps a row in the old kind's table
 * and none in the new one, and can never be loaded again. Here a replacement that changes the kind,
 * or that replaces a trigger already in that state, deletes the old rows and inserts the new ones
 * in the same transaction. A replaced trigger that was paused stays paused, in that same
 * transaction, so an edit never opens a window in which a paused job fires.
 *
 * <p>Loading a trigger: one trigger that cannot be loaded (a broken row, whatever broke it) makes
 * Quartz's acquisition fail as a whole, so no trigger of the cluster fires again. Here such a
 * trigger is set to state ERROR, which acquisition passes over, and the others go on; the next
 * reconcile rebuilds it from jobs.yaml. Database failures are still thrown, never taken for broken
 * triggers.
 *
 * <p>Failure detection: Quartz takes a node for dead 7.5 s after its check-in interval, and only
 * looks when it checks in itself, so takeover took up to two intervals plus 7.5 s. Here nodes check
 * in often (Quartz's {@code clusterCheckinInterval}) and a node is dead once it has been silent for
 * {@code failureTimeout}, as {@link FailureDetector} judges it.
 */
public class ClusterJobStore extends BatchFiringJobStore {
  private static final Logger log = LoggerFactory.getLogger(ClusterJobStore.class);

  // 1 sched_name, 2 trigger_name, 3 trigger_group
  private static final String SELECT_STORED_TRIGGER =
      "SELECT t.trigger_type, t.trigger_state,"
          + " EXISTS (SELECT 1 FROM {0}simple_triggers s WHERE s.sched_name = t.sched_name"
          + "   AND s.trigger_name = t.trigger_name AND s.trigger_group = t.trigger_group) AS simple,"
          + " EXISTS (SELECT 1 FROM {0}cron_triggers c WHERE c.sched_name = t.sched_name"
          + "   AND c.trigger_name = t.trigger_name AND c.trigger_group = t.trigger_group) AS cron"
          + " FROM {0}triggers t"
          + " WHERE t.sched_name = ? AND t.trigger_name = ? AND t.trigger_group = ?";

  // 1 sched_name, 2 trigger_name, 3 trigger_group
  private static final String MARK_ERROR =
      "UPDATE {0}triggers SET trigger_state = 'ERROR'"
          + " WHERE sched_name = ? AND trigger_name = ? AND trigger_group = ?";

  /** Job data key: a trigger created for this job starts paused (its pause outlived a disable). */
  public static final String START_PAUSED_KEY = "startPaused";

  private final FailureDetector failures = new FailureDetector();

  /** Set by Quartz from {@code org.quartz.jobStore.failureTimeout}, in milliseconds. */
  public void setFailureTimeout(long millis) {
    failures.setFailureTimeout(millis);
  }

  public long getFailureTimeout() {
    return failures.failureTimeout();
  }

  @Override
  protected void storeTrigger(
      Connection conn,
      OperableTrigger newTrigger,
      JobDetail job,
      boolean replaceExisting,
      String state,
      boolean forceState,
      boolean recovering)
      throws JobPersistenceException {
    String newState = state;
    if (!forceState) {
      StoredTrigger stored = storedTrigger(conn, newTrigger.getKey());
      if (stored != null && replaceExisting) {
        if (stored.needsRebuildFor(newTrigger)) {
          log.info(
              "Trigger {} changes kind or was broken ({}); its rows are rebuilt",
              newTrigger.getKey(),
              stored.type());
          deleteRows(conn, newTrigger.getKey());
        }
        if (stored.paused()) {
          newState = pausedState(state);
        }
      } else if (stored == null && startsPaused(job)) {
        newState = pausedState(state);
      }
    }
    super.storeTrigger(conn, newTrigger, job, replaceExisting, newState, forceState, recovering);
  }

  @Override
  protected OperableTrigger retrieveTrigger(Connection conn, TriggerKey key)
      throws JobPersistenceException {
    try {
      return super.retrieveTrigger(conn, key);
    } catch (JobPersistenceException e) {
      if (causedByDatabase(e)) {
        throw e;
      }
      log.error(
          "Trigger {} cannot be loaded and is set aside (state ERROR) until the next reconcile"
              + " rebuilds it: {}",
          key,
          rootMessage(e));
      markError(conn, key);
      return null;
    }
  }

  /**
   * Quartz's release also moves a BLOCKED trigger back to WAITING. In a cluster that unblocks a job
   * that disallows concurrent runs while another node runs it: node B acquires one of its triggers,
   * node A fires another (which blocks B's), B finds its trigger blocked and releases it, and B's
   * next acquisition runs the job a second time, alongside A. Here a released trigger stays blocked
   * while a run of its job that disallows concurrency is in progress.
   */
  @Override
  protected void releaseAcquiredTrigger(Connection conn, OperableTrigger trigger)
      throws JobPersistenceException {
    try {
      getDelegate()
          .updateTriggerStateFromOtherState(
              conn, trigger.getKey(), Constants.STATE_WAITING, Constants.STATE_ACQUIRED);
      if (Constants.STATE_WAITING.equals(
          checkBlockedState(conn, trigger.getJobKey(), Constants.STATE_WAITING))) {
        getDelegate()
            .updateTriggerStateFromOtherState(
                conn, trigger.getKey(), Constants.STATE_WAITING, Constants.STATE_BLOCKED);
      }
      getDelegate().deleteFiredTrigger(conn, trigger.getFireInstanceId());
    } catch (SQLException e) {
      throw new JobPersistenceException("Couldn't release acquired trigger: " + e.getMessage(), e);
    }
  }

  @Override
  protected long calcFailedIfAfter(SchedulerStateRecord rec) {
    return failures.failedIfAfter(rec.getCheckinTimestamp());
  }

  /**
   * A database restart leaves every pooled connection broken. Each check-in that draws one fails,
   * and Quartz pauses before the next: a few such failures in a row and this node is taken for
   * dead. So a check-in that fails on a broken connection is repeated at once, for up to half the
   * failure timeout; the pool discards the broken connections one by one.
   */
  @Override
  protected boolean doCheckin() throws JobPersistenceException {
    long giveUpAt =
        System.nanoTime() + java.time.Duration.ofMillis(failures.failureTimeout() / 2).toNanos();
    while (true) {
      try {
        return super.doCheckin();
      } catch (JobPersistenceException e) {
        if (!ConnectionProblems.isConnectionProblem(e) || System.nanoTime() - giveUpAt > 0) {
          throw e;
        }
        log.debug("check-in failed on a broken connection; repeating", e);
        try {
          Thread.sleep(20);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  @Override
  protected List<SchedulerStateRecord> clusterCheckIn(Connection conn)
      throws JobPersistenceException {
    failures.beforeCheckIn(conn);
    List<SchedulerStateRecord> failed = super.clusterCheckIn(conn);
    failures.checkedIn();
    return failed;
  }

  private static String pausedState(String state) {
    return Constants.STATE_BLOCKED.equals(state)
        ? Constants.STATE_PAUSED_BLOCKED
        : Constants.STATE_PAUSED;
  }

  private static boolean startsPaused(JobDetail job) {
    return job != null && "true".equals(job.getJobDataMap().getString(START_PAUSED_KEY));
  }

  /** What the tables hold for a trigger; null when there is no trigger row. */
  private record StoredTrigger(String type, String state, boolean simpleRow, boolean cronRow) {
    boolean paused() {
      return Constants.STATE_PAUSED.equals(state) || Constants.STATE_PAUSED_BLOCKED.equals(state);
    }

    boolean needsRebuildFor(OperableTrigger replacement) {
      String newType =
          replacement instanceof SimpleTrigger
              ? Constants.TTYPE_SIMPLE
              : replacement instanceof CronTrigger ? Constants.TTYPE_CRON : null;
      boolean broken =
          (Constants.TTYPE_SIMPLE.equals(type) && !simpleRow)
              || (Constants.TTYPE_CRON.equals(type) && !cronRow)
              || (simpleRow && cronRow);
      return broken || (newType != null && !newType.equals(type));
    }
  }

  private StoredTrigger storedTrigger(Connection conn, TriggerKey key)
      throws JobPersistenceException {
    try (PreparedStatement statement = conn.prepareStatement(sql(SELECT_STORED_TRIGGER))) {
      bindKey(statement, key);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return null;
        }
        return new StoredTrigger(
            row.getString("trigger_type"),
            row.getString("trigger_state"),
            row.getBoolean("simple"),
            row.getBoolean("cron"));
      }
    } catch (SQLException e) {
      throw new JobPersistenceException("Couldn't read trigger " + key + ": " + e.getMessage(), e);
    }
  }

  private void deleteRows(Connection conn, TriggerKey key) throws JobPersistenceException {
    try {
      // deletes the trigger's row in every kind's table, whichever hold one
      getDelegate().deleteTrigger(conn, key);
    } catch (SQLException e) {
      throw new JobPersistenceException(
          "Couldn't delete trigger " + key + ": " + e.getMessage(), e);
    }
  }

  private void markError(Connection conn, TriggerKey key) throws JobPersistenceException {
    try (PreparedStatement statement = conn.prepareStatement(sql(MARK_ERROR))) {
      bindKey(statement, key);
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new JobPersistenceException(
          "Couldn't set trigger " + key + " aside: " + e.getMessage(), e);
    }
  }

  private void bindKey(PreparedStatement statement, TriggerKey key) throws SQLException {
    statement.setString(1, getInstanceName());
    statement.setString(2, key.getName());
    statement.setString(3, key.getGroup());
  }

  private String sql(String template) {
    return template.replace("{0}", getTablePrefix());
  }

  private static boolean causedByDatabase(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.toString();
  }
}
