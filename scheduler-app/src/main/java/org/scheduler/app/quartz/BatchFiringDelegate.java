package org.scheduler.app.quartz;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Array;
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
  // 1 next_fire_time upper bound, 2 misfire time, 3 limit. Trigger rows with their kind's row
  // and whether their job may run concurrently: everything acquisition needs, in one statement.
  // Each joined row is looked up by its primary key per trigger (LATERAL ... OFFSET 0 keeps the
  // planner from joining whole tables), so the plan holds even on statistics taken when the
  // tables were still empty, right after a large reconcile.
  private static final String SELECT_CANDIDATES =
      "SELECT t.trigger_name, t.trigger_group, t.job_name, t.job_group, t.description,"
          + " t.next_fire_time, t.prev_fire_time, t.priority, t.trigger_type, t.start_time,"
          + " t.end_time, t.calendar_name, t.misfire_instr, t.job_data,"
          + " c.cron_expression, c.time_zone_id,"
          + " s.repeat_count, s.repeat_interval, s.times_triggered, j.is_nonconcurrent"
          + " FROM (SELECT * FROM {0}triggers"
          + "   WHERE sched_name = {1} AND trigger_state = 'WAITING' AND next_fire_time <= ?"
          + "   AND (misfire_instr = -1 OR next_fire_time >= ?)"
          + "   ORDER BY next_fire_time ASC, priority DESC LIMIT ?) t"
          + " CROSS JOIN LATERAL (SELECT is_nonconcurrent FROM {0}job_details"
          + "   WHERE sched_name = t.sched_name AND job_name = t.job_name"
          + "   AND job_group = t.job_group OFFSET 0) j"
          + " LEFT JOIN LATERAL (SELECT cron_expression, time_zone_id FROM {0}cron_triggers"
          + "   WHERE sched_name = t.sched_name AND trigger_name = t.trigger_name"
          + "   AND trigger_group = t.trigger_group OFFSET 0) c ON true"
          + " LEFT JOIN LATERAL (SELECT repeat_count, repeat_interval, times_triggered"
          + "   FROM {0}simple_triggers WHERE sched_name = t.sched_name"
          + "   AND trigger_name = t.trigger_name AND trigger_group = t.trigger_group OFFSET 0) s"
          + "   ON true"
          + " ORDER BY t.next_fire_time ASC, t.priority DESC";

  // 1 trigger name, 2 trigger group; one per trigger, sent as one batch
  private static final String MARK_ACQUIRED =
      "UPDATE {0}triggers SET trigger_state = 'ACQUIRED'"
          + " WHERE sched_name = {1} AND trigger_name = ? AND trigger_group = ?"
          + " AND trigger_state = 'WAITING'";

  // 1 instance, 2 fired time; arrays: 3 entry ids, 4 names, 5 groups, 6 slot times, 7 priorities
  private static final String INSERT_ACQUIRED =
      "INSERT INTO {0}fired_triggers (sched_name, entry_id, trigger_name, trigger_group,"
          + " instance_name, fired_time, sched_time, state, job_name, job_group,"
          + " is_nonconcurrent, requests_recovery, priority)"
          + " SELECT {1}, v.entry, v.name, v.grp, ?, ?, v.slot, 'ACQUIRED', NULL, NULL,"
          + " false, false, v.priority"
          + " FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::int[])"
          + "   AS v(entry, name, grp, slot, priority)";

  // 1 trigger names, 2 trigger groups
  private static final String SELECT_STATES =
      "SELECT k.name, k.grp, t.trigger_state FROM unnest(?::text[], ?::text[]) AS k(name, grp)"
          + " CROSS JOIN LATERAL (SELECT trigger_state FROM {0}triggers"
          + "   WHERE sched_name = {1} AND trigger_name = k.name AND trigger_group = k.grp"
          + "   OFFSET 0) t";

  // 1 job names, 2 job groups
  private static final String SELECT_JOBS =
      "SELECT j.* FROM unnest(?::text[], ?::text[]) AS k(name, grp)"
          + " CROSS JOIN LATERAL (SELECT job_name, job_group, description, job_class_name,"
          + "   is_durable, requests_recovery, job_data FROM {0}job_details"
          + "   WHERE sched_name = {1} AND job_name = k.name AND job_group = k.grp OFFSET 0) j";

  // 1 instance, 2 fired time, 3 slot time, 4 job name, 5 job group, 6 requests recovery,
  // 7 entry id; one per trigger, sent as one batch
  private static final String MARK_EXECUTING =
      "UPDATE {0}fired_triggers SET instance_name = ?, fired_time = ?, sched_time = ?,"
          + " state = 'EXECUTING', job_name = ?, job_group = ?, is_nonconcurrent = false,"
          + " requests_recovery = ?"
          + " WHERE sched_name = {1} AND entry_id = ?";

  // 1 next fire time (-1: none), 2 previous fire time, 3 state, 4 name, 5 group; one per trigger
  private static final String UPDATE_FIRE_TIMES =
      "UPDATE {0}triggers SET next_fire_time = ?, prev_fire_time = ?, trigger_state = ?"
          + " WHERE sched_name = {1} AND trigger_name = ? AND trigger_group = ?";

  // 1 times triggered, 2 name, 3 group; one per interval trigger
  private static final String UPDATE_TIMES_TRIGGERED =
      "UPDATE {0}simple_triggers SET times_triggered = ?"
          + " WHERE sched_name = {1} AND trigger_name = ? AND trigger_group = ?";

  /**
   * A trigger that may be acquired. {@code trigger} is null when its rows cannot be read in bulk
   * (another kind, or a broken row); the job store then loads it the way Quartz does.
   */
  record Candidate(TriggerKey key, OperableTrigger trigger, boolean nonConcurrent) {}

  /** A trigger that fires now: its slot, and its job's key and recovery flag. */
  record Firing(OperableTrigger trigger, long slot, JobDetail job) {}

  List<Candidate> selectCandidates(Connection conn, long noLaterThan, long misfireTime, int limit)
      throws SQLException {
    try (PreparedStatement statement = conn.prepareStatement(sql(SELECT_CANDIDATES))) {
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
    try (PreparedStatement statement = conn.prepareStatement(sql(MARK_ACQUIRED))) {
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
    try (PreparedStatement statement = conn.prepareStatement(sql(INSERT_ACQUIRED))) {
      statement.setString(1, instanceId);
      statement.setLong(2, System.currentTimeMillis());
      statement.setArray(3, texts(conn, triggers, OperableTrigger::getFireInstanceId));
      statement.setArray(4, texts(conn, triggers, t -> t.getKey().getName()));
      statement.setArray(5, texts(conn, triggers, t -> t.getKey().getGroup()));
      statement.setArray(6, array(conn, "bigint", triggers, t -> t.getNextFireTime().getTime()));
      statement.setArray(7, array(conn, "int4", triggers, OperableTrigger::getPriority));
      statement.executeUpdate();
    }
  }

  Map<TriggerKey, String> selectStates(Connection conn, Collection<TriggerKey> keys)
      throws SQLException {
    Map<TriggerKey, String> states = new HashMap<>();
    try (PreparedStatement statement = conn.prepareStatement(sql(SELECT_STATES))) {
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
    try (PreparedStatement statement = conn.prepareStatement(sql(SELECT_JOBS))) {
      statement.setArray(1, texts(conn, keys, JobKey::getName));
      statement.setArray(2, texts(conn, keys, JobKey::getGroup));
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
    try (PreparedStatement statement = conn.prepareStatement(sql(MARK_EXECUTING))) {
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

  /** Stores what firing changed: next and previous fire times, state, and simple counts. */
  void updateFired(Connection conn, List<Firing> firings, Map<TriggerKey, String> newStates)
      throws SQLException {
    boolean anySimple = false;
    try (PreparedStatement statement = conn.prepareStatement(sql(UPDATE_FIRE_TIMES))) {
      for (Firing firing : firings) {
        OperableTrigger trigger = firing.trigger();
        statement.setLong(1, millisOrNone(trigger.getNextFireTime()));
        statement.setLong(2, millisOrNone(trigger.getPreviousFireTime()));
        statement.setString(3, newStates.get(trigger.getKey()));
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
    try (PreparedStatement statement = conn.prepareStatement(sql(UPDATE_TIMES_TRIGGERED))) {
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
    statement.setArray(first, texts(conn, keys, TriggerKey::getName));
    statement.setArray(first + 1, texts(conn, keys, TriggerKey::getGroup));
  }

  private static long millisOrNone(Date time) {
    return time == null ? -1L : time.getTime();
  }

  private static <T> Array texts(Connection conn, Collection<T> items, Function<T, String> value)
      throws SQLException {
    return array(conn, "text", items, value);
  }

  private static <T> Array array(
      Connection conn, String type, Collection<T> items, Function<T, ?> value) throws SQLException {
    return conn.createArrayOf(type, mapAll(items, value).toArray());
  }

  private static <T, R> List<R> mapAll(Collection<T> items, Function<T, R> value) {
    List<R> values = new ArrayList<>(items.size());
    for (T item : items) {
      values.add(value.apply(item));
    }
    return values;
  }
}
