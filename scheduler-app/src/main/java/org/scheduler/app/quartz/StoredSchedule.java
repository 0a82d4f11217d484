package org.scheduler.app.quartz;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The jobs of jobs.yaml as Quartz's tables hold them, read in one statement: what reconcile
 * compares with the file and what {@code GET /api/jobs} lists. Reading the rows directly (rather
 * than loading each trigger through Quartz) costs one round trip for 10,000 jobs, and sees a broken
 * trigger as what it is instead of failing on it.
 */
public final class StoredSchedule {
  // Each table is read on its own and joined here: right after a big reconcile the planner's
  // statistics say these tables are empty, and a four-way join planned on that took minutes for
  // 1,000 jobs. Single-table scans cannot go wrong that way.

  // 1 sched_name, 2 job group
  private static final String SELECT_JOBS =
      "SELECT job_name, job_data FROM qrtz_job_details WHERE sched_name = ? AND job_group = ?";

  // 1 sched_name, 2 trigger group
  private static final String SELECT_TRIGGERS =
      "SELECT trigger_name, trigger_type, trigger_state, next_fire_time, prev_fire_time, %s"
          + " FROM qrtz_triggers WHERE sched_name = ? AND trigger_group = ?";

  // 1 sched_name, 2 trigger group
  private static final String SELECT_SIMPLE =
      "SELECT trigger_name FROM qrtz_simple_triggers WHERE sched_name = ? AND trigger_group = ?";

  // 1 sched_name, 2 trigger group
  private static final String SELECT_CRON =
      "SELECT trigger_name, time_zone_id FROM qrtz_cron_triggers"
          + " WHERE sched_name = ? AND trigger_group = ?";

  private final DataSource dataSource;

  @Inject
  public StoredSchedule(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  /** A job as stored, with its trigger if it has one (a disabled job has none). */
  public record StoredJob(
      String name,
      String type,
      String fingerprint,
      boolean startPaused,
      Optional<StoredTrigger> trigger) {}

  /**
   * A job's trigger as stored.
   *
   * @param kind {@code SIMPLE} (an {@code every} job) or {@code CRON}, as the trigger row says
   * @param problem why Quartz cannot load it, when it cannot
   */
  public record StoredTrigger(
      String kind,
      String state,
      Optional<Instant> nextFireTime,
      Optional<Instant> previousFireTime,
      Optional<String> timeZone,
      Optional<String> schedule,
      Optional<String> misfire,
      Optional<String> problem) {
    public boolean paused() {
      return state.equals("PAUSED") || state.equals("PAUSED_BLOCKED");
    }
  }

  /** Every job of jobs.yaml as stored, by name, read in one consistent snapshot. */
  public List<StoredJob> jobs() throws SQLException {
    return read(true).jobs();
  }

  /**
   * Refreshes the planner's statistics of the schedule's tables. Autovacuum does so within a minute
   * or so of a large change; until then the planner may still count freshly filled tables as empty,
   * and a join planned on that can take seconds instead of milliseconds.
   */
  public void refreshStatistics() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "ANALYZE qrtz_job_details, qrtz_triggers, qrtz_cron_triggers, qrtz_simple_triggers");
    }
  }

  /** Names of the triggers Quartz cannot load. */
  public List<String> brokenTriggers() throws SQLException {
    Tables tables = read(false);
    return tables.triggers().keySet().stream()
        .filter(name -> tables.trigger(name).problem().isPresent())
        .sorted()
        .toList();
  }

  private record Tables(
      Map<String, Properties> jobData,
      Map<String, TriggerRow> triggers,
      Set<String> simple,
      Map<String, String> cronZones) {
    StoredTrigger trigger(String name) {
      TriggerRow row = triggers.get(name);
      return new StoredTrigger(
          row.kind(),
          row.state(),
          instant(row.nextFireTime()),
          instant(row.previousFireTime()),
          Optional.ofNullable(cronZones.get(name)),
          Optional.ofNullable(row.data().getProperty(QuartzJobs.SCHEDULE_KEY)),
          Optional.ofNullable(row.data().getProperty(QuartzJobs.MISFIRE_KEY)),
          problem(row.kind(), row.state(), simple.contains(name), cronZones.containsKey(name)));
    }

    List<StoredJob> jobs() {
      List<StoredJob> jobs = new ArrayList<>();
      for (Map.Entry<String, Properties> job : new TreeMap<>(jobData).entrySet()) {
        String name = job.getKey();
        Properties data = job.getValue();
        jobs.add(
            new StoredJob(
                name,
                data.getProperty(QuartzJobs.TYPE_KEY, ""),
                data.getProperty(QuartzJobs.FINGERPRINT_KEY, ""),
                "true".equals(data.getProperty(ClusterJobStore.START_PAUSED_KEY)),
                triggers.containsKey(name) ? Optional.of(trigger(name)) : Optional.empty()));
      }
      return jobs;
    }
  }

  private record TriggerRow(
      String kind, String state, long nextFireTime, long previousFireTime, Properties data) {}

  private Tables read(boolean withData) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        Map<String, Properties> jobData = new HashMap<>();
        if (withData) {
          query(
              connection,
              SELECT_JOBS,
              row -> jobData.put(row.getString(1), properties(row.getBytes(2))));
        }
        Map<String, TriggerRow> triggers = new HashMap<>();
        query(
            connection,
            SELECT_TRIGGERS.formatted(withData ? "job_data" : "NULL AS job_data"),
            row ->
                triggers.put(
                    row.getString(1),
                    new TriggerRow(
                        row.getString(2),
                        row.getString(3),
                        row.getLong(4),
                        row.getLong(5),
                        properties(row.getBytes(6)))));
        Set<String> simple = new HashSet<>();
        query(connection, SELECT_SIMPLE, row -> simple.add(row.getString(1)));
        Map<String, String> cronZones = new HashMap<>();
        query(connection, SELECT_CRON, row -> cronZones.put(row.getString(1), row.getString(2)));
        connection.commit();
        return new Tables(jobData, triggers, simple, cronZones);
      } finally {
        connection.rollback();
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        connection.setAutoCommit(autoCommit);
      }
    }
  }

  private interface RowReader {
    void read(ResultSet row) throws SQLException;
  }

  private static void query(Connection connection, String sql, RowReader reader)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, QuartzSchedulerFactory.CLUSTER_NAME);
      statement.setString(2, QuartzJobs.GROUP);
      statement.setFetchSize(1000);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          reader.read(row);
        }
      }
    }
  }

  private static Optional<String> problem(
      String kind, String state, boolean simpleRow, boolean cronRow) {
    if (kind.equals("SIMPLE") && !simpleRow) {
      return Optional.of("trigger is SIMPLE but has no row in qrtz_simple_triggers");
    }
    if (kind.equals("CRON") && !cronRow) {
      return Optional.of("trigger is CRON but has no row in qrtz_cron_triggers");
    }
    if (simpleRow && cronRow) {
      return Optional.of("trigger has rows in both qrtz_simple_triggers and qrtz_cron_triggers");
    }
    if (!kind.equals("SIMPLE") && !kind.equals("CRON")) {
      return Optional.of("trigger is of kind " + kind + ", which jobs.yaml never creates");
    }
    if (state.equals("ERROR")) {
      return Optional.of("trigger could not be loaded and was set aside (state ERROR)");
    }
    return Optional.empty();
  }

  /** Quartz keeps job data as a properties file ({@code useProperties}). */
  private static Properties properties(byte[] bytes) {
    Properties properties = new Properties();
    if (bytes != null) {
      try {
        properties.load(new ByteArrayInputStream(bytes));
      } catch (IOException | IllegalArgumentException e) {
        // unreadable job data reads as no data: the fingerprint differs and reconcile rewrites it
      }
    }
    return properties;
  }

  private static Optional<Instant> instant(long millis) {
    return millis <= 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }
}
