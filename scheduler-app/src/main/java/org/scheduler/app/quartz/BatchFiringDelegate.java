package org.scheduler.app.quartz;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.SimpleTrigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.JobDetailImpl;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.impl.jdbcjobstore.TriggerPersistenceDelegate;
import org.quartz.impl.jdbcjobstore.TriggerPersistenceDelegate.TriggerPropertyBundle;
import org.quartz.impl.jdbcjobstore.Util;
import org.quartz.spi.ClassLoadHelper;
import org.quartz.spi.OperableTrigger;

/**
 * Quartz's PostgreSQL delegate plus set-based statements for acquiring and firing a batch of
 * triggers: each statement covers the whole batch (keys passed as arrays), where Quartz issues
 * about a dozen statements per trigger, one round trip each, while holding the cluster's trigger
 * lock. {@link BatchFiringJobStore} decides what to run; this class only says how.
 */
public class BatchFiringDelegate extends PostgreSQLDelegate {
  /**
   * A trigger that may be acquired. {@code trigger} is null when its rows cannot be read in bulk
   * (another kind, or a broken row); the job store then loads it the way Quartz does.
   */
  record Candidate(TriggerKey key, OperableTrigger trigger, boolean nonConcurrent) {}

  /** A trigger that fires now: its slot, and its job's key and recovery flag. */
  record Firing(OperableTrigger trigger, long slot, JobDetail job) {}

  List<Candidate> selectCandidates(Connection conn, long noLaterThan, long misfireTime, int limit)
      throws SQLException {
    try (PreparedStatement statement =
        conn.prepareStatement(sql(BatchFiringSql.SELECT_CANDIDATES))) {
      statement.setLong(1, noLaterThan);
      statement.setLong(2, misfireTime);
      statement.setInt(3, limit);
      List<Candidate> candidates = new ArrayList<>();
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          TriggerKey key =
              new TriggerKey(row.getString("trigger_name"), row.getString("trigger_group"));
          candidates.add(
              new Candidate(key, triggerOrNull(row, key), row.getBoolean("is_nonconcurrent")));
        }
      }
      return candidates;
    }
  }

  Set<TriggerKey> markAcquired(Connection conn, List<TriggerKey> keys) throws SQLException {
    Set<TriggerKey> acquired = new HashSet<>();
    try (PreparedStatement statement = conn.prepareStatement(sql(BatchFiringSql.MARK_ACQUIRED))) {
      for (TriggerKey key : keys) {
        statement.setString(1, key.getName());
        statement.setString(2, key.getGroup());
        statement.addBatch();
      }
      int[] updated = statement.executeBatch();
      for (int i = 0; i < updated.length; i++) {
        if (updated[i] > 0) {
          acquired.add(keys.get(i));
        }
      }
    }
    return acquired;
  }

  void insertAcquired(Connection conn, List<OperableTrigger> triggers) throws SQLException {
    try (PreparedStatement statement = conn.prepareStatement(sql(BatchFiringSql.INSERT_ACQUIRED))) {
      statement.setString(1, instanceId);
      statement.setLong(2, System.currentTimeMillis());
      statement.setArray(
          3, conn.createArrayOf("text", map(triggers, OperableTrigger::getFireInstanceId)));
      statement.setArray(4, conn.createArrayOf("text", map(triggers, t -> t.getKey().getName())));
      statement.setArray(5, conn.createArrayOf("text", map(triggers, t -> t.getKey().getGroup())));
      statement.setArray(
          6, conn.createArrayOf("bigint", map(triggers, t -> t.getNextFireTime().getTime())));
      statement.setArray(
          7, conn.createArrayOf("int4", map(triggers, OperableTrigger::getPriority)));
      statement.executeUpdate();
    }
  }

  Map<TriggerKey, String> selectStates(Connection conn, Collection<TriggerKey> keys)
      throws SQLException {
    Map<TriggerKey, String> states = new HashMap<>();
    try (PreparedStatement statement = conn.prepareStatement(sql(BatchFiringSql.SELECT_STATES))) {
      bindKeys(conn, statement, 1, keys);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          states.put(new TriggerKey(row.getString(1), row.getString(2)), row.getString(3));
        }
      }
    }
    return states;
  }

  /** The jobs that can be read in bulk; one that cannot (unknown class, bad data) is left out. */
  Map<JobKey, JobDetail> selectJobs(
      Connection conn, Collection<JobKey> keys, ClassLoadHelper loader) throws SQLException {
    Map<JobKey, JobDetail> jobs = new HashMap<>();
    try (PreparedStatement statement = conn.prepareStatement(sql(BatchFiringSql.SELECT_JOBS))) {
      statement.setArray(1, conn.createArrayOf("text", map(keys, JobKey::getName)));
      statement.setArray(2, conn.createArrayOf("text", map(keys, JobKey::getGroup)));
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          try {
            JobDetailImpl job = new JobDetailImpl();
            job.setName(row.getString("job_name"));
            job.setGroup(row.getString("job_group"));
            job.setDescription(row.getString("description"));
            job.setJobClass(loader.loadClass(row.getString("job_class_name"), Job.class));
            job.setDurability(row.getBoolean("is_durable"));
            job.setRequestsRecovery(row.getBoolean("requests_recovery"));
            Map<?, ?> data = jobData(row);
            if (data != null) {
              job.setJobDataMap(new JobDataMap(data));
            }
            jobs.put(job.getKey(), job);
          } catch (ClassNotFoundException | IllegalStateException e) {
            // left out: Quartz's own firing of its trigger reports it and sets it aside
          }
        }
      }
    }
    return jobs;
  }

  void markExecuting(Connection conn, List<Firing> firings) throws SQLException {
    long now = System.currentTimeMillis();
    try (PreparedStatement statement = conn.prepareStatement(sql(BatchFiringSql.MARK_EXECUTING))) {
      for (Firing firing : firings) {
        statement.setString(1, instanceId);
        statement.setLong(2, now);
        statement.setLong(3, firing.slot());
        statement.setString(4, firing.job().getKey().getName());
        statement.setString(5, firing.job().getKey().getGroup());
        statement.setBoolean(6, firing.job().requestsRecovery());
        statement.setString(7, firing.trigger().getFireInstanceId());
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  /**
   * Stores what firing changed: next and previous fire times, the state (complete once there is no
   * next fire time), and simple triggers' counts.
   */
  void updateFired(Connection conn, List<Firing> firings) throws SQLException {
    boolean anySimple = false;
    try (PreparedStatement statement =
        conn.prepareStatement(sql(BatchFiringSql.UPDATE_FIRE_TIMES))) {
      for (Firing firing : firings) {
        OperableTrigger trigger = firing.trigger();
        statement.setLong(1, millisOrNone(trigger.getNextFireTime()));
        statement.setLong(2, millisOrNone(trigger.getPreviousFireTime()));
        statement.setString(3, trigger.getNextFireTime() == null ? STATE_COMPLETE : STATE_WAITING);
        statement.setString(4, trigger.getKey().getName());
        statement.setString(5, trigger.getKey().getGroup());
        statement.addBatch();
        anySimple |= trigger instanceof SimpleTrigger;
      }
      statement.executeBatch();
    }
    if (!anySimple) {
      return;
    }
    try (PreparedStatement statement =
        conn.prepareStatement(sql(BatchFiringSql.UPDATE_TIMES_TRIGGERED))) {
      for (Firing firing : firings) {
        if (firing.trigger() instanceof SimpleTrigger simple) {
          statement.setInt(1, simple.getTimesTriggered());
          statement.setString(2, simple.getKey().getName());
          statement.setString(3, simple.getKey().getGroup());
          statement.addBatch();
        }
      }
      statement.executeBatch();
    }
  }

  /** The trigger built from its joined rows, as Quartz's bulk reads build it; null if it can't. */
  private OperableTrigger triggerOrNull(ResultSet row, TriggerKey key) throws SQLException {
    String type = row.getString("trigger_type");
    if (!TTYPE_CRON.equals(type) && !TTYPE_SIMPLE.equals(type)) {
      return null;
    }
    try {
      TriggerPersistenceDelegate kind = findTriggerPersistenceDelegate(type);
      TriggerPropertyBundle properties = kind.loadExtendedTriggerPropertiesFromResultSet(row, key);
      long endTime = row.getLong("end_time");
      TriggerBuilder<?> builder =
          TriggerBuilder.newTrigger()
              .withDescription(row.getString("description"))
              .withPriority(row.getInt("priority"))
              .startAt(new Date(row.getLong("start_time")))
              .endAt(endTime > 0 ? new Date(endTime) : null)
              .withIdentity(key)
              .modifiedByCalendar(row.getString("calendar_name"))
              .withSchedule(properties.getScheduleBuilder())
              .forJob(new JobKey(row.getString("job_name"), row.getString("job_group")));
      Map<?, ?> data = jobData(row);
      if (data != null) {
        builder.usingJobData(new JobDataMap(data));
      }
      OperableTrigger trigger = (OperableTrigger) builder.build();
      trigger.setMisfireInstruction(row.getInt("misfire_instr"));
      long next = row.getLong("next_fire_time");
      long previous = row.getLong("prev_fire_time");
      trigger.setNextFireTime(next > 0 ? new Date(next) : null);
      trigger.setPreviousFireTime(previous > 0 ? new Date(previous) : null);
      if (properties.getStatePropertyNames() != null) {
        Util.setBeanProps(
            trigger, properties.getStatePropertyNames(), properties.getStatePropertyValues());
      }
      return trigger;
    } catch (SQLException e) {
      throw e;
    } catch (Exception e) {
      // a missing kind row, a bad expression: the one-by-one load decides what becomes of it
      return null;
    }
  }

  /** A job data map as Quartz stores it: properties text, or a serialized map without them. */
  private Map<?, ?> jobData(ResultSet row) throws SQLException {
    try {
      Object stored = getJobDataFromBlob(row, "job_data");
      if (stored == null || stored instanceof Map<?, ?>) {
        return (Map<?, ?>) stored;
      }
      try (InputStream in = (InputStream) stored) {
        Properties properties = new Properties();
        properties.load(in);
        return convertFromProperty(properties);
      }
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      // the row's own problem: the caller leaves it to Quartz's one-by-one path, which marks it
      throw new IllegalStateException("Couldn't read job data: " + e.getMessage(), e);
    }
  }

  /** Quartz's {@code rtp} reads quotes as MessageFormat escapes; these statements keep theirs. */
  private String sql(String template) {
    return template.replace("{0}", tablePrefix).replace("{1}", getSchedulerNameLiteral());
  }

  private static void bindKeys(
      Connection conn, PreparedStatement statement, int first, Collection<TriggerKey> keys)
      throws SQLException {
    statement.setArray(first, conn.createArrayOf("text", map(keys, TriggerKey::getName)));
    statement.setArray(first + 1, conn.createArrayOf("text", map(keys, TriggerKey::getGroup)));
  }

  private static long millisOrNone(Date time) {
    return time == null ? -1L : time.getTime();
  }

  /** An array parameter's elements. */
  private static <T> Object[] map(Collection<T> items, Function<T, ?> value) {
    return items.stream().map(value).toArray();
  }
}
