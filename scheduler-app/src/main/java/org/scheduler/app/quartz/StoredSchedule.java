package org.scheduler.app.quartz;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The jobs of jobs.yaml as Quartz's tables hold them, read in one statement: what reconcile
 * compares with the file and what {@code GET /api/jobs} lists. Reading the rows directly (rather
 * than loading each trigger through Quartz) costs one round trip for 10,000 jobs, and sees a broken
 * trigger as what it is instead of failing on it.
 */
public final class StoredSchedule {
  // 1 sched_name, 2 job group
  private static final String SELECT_JOBS =
      "SELECT j.job_name, j.job_data, t.trigger_type, t.trigger_state, t.next_fire_time,"
          + " t.prev_fire_time, t.job_data AS trigger_data, c.time_zone_id,"
          + " s.trigger_name IS NOT NULL AS simple_row, c.trigger_name IS NOT NULL AS cron_row"
          + " FROM qrtz_job_details j"
          + " LEFT JOIN qrtz_triggers t ON t.sched_name = j.sched_name"
          + "   AND t.trigger_group = j.job_group AND t.trigger_name = j.job_name"
          + " LEFT JOIN qrtz_simple_triggers s ON s.sched_name = t.sched_name"
          + "   AND s.trigger_group = t.trigger_group AND s.trigger_name = t.trigger_name"
          + " LEFT JOIN qrtz_cron_triggers c ON c.sched_name = t.sched_name"
          + "   AND c.trigger_group = t.trigger_group AND c.trigger_name = t.trigger_name"
          + " WHERE j.sched_name = ? AND j.job_group = ?"
          + " ORDER BY j.job_name";

  // 1 sched_name, 2 trigger group
  private static final String SELECT_BROKEN =
      "SELECT t.trigger_name FROM qrtz_triggers t"
          + " LEFT JOIN qrtz_simple_triggers s ON s.sched_name = t.sched_name"
          + "   AND s.trigger_group = t.trigger_group AND s.trigger_name = t.trigger_name"
          + " LEFT JOIN qrtz_cron_triggers c ON c.sched_name = t.sched_name"
          + "   AND c.trigger_group = t.trigger_group AND c.trigger_name = t.trigger_name"
          + " WHERE t.sched_name = ? AND t.trigger_group = ?"
          + "   AND (t.trigger_state = 'ERROR'"
          + "     OR (t.trigger_type = 'SIMPLE') <> (s.trigger_name IS NOT NULL)"
          + "     OR (t.trigger_type = 'CRON') <> (c.trigger_name IS NOT NULL))"
          + " ORDER BY t.trigger_name";

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

  public List<StoredJob> jobs() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(SELECT_JOBS)) {
      statement.setString(1, QuartzSchedulerFactory.CLUSTER_NAME);
      statement.setString(2, QuartzJobs.GROUP);
      statement.setFetchSize(1000);
      try (ResultSet row = statement.executeQuery()) {
        List<StoredJob> jobs = new ArrayList<>();
        while (row.next()) {
          Properties jobData = properties(row.getBytes("job_data"));
          jobs.add(
              new StoredJob(
                  row.getString("job_name"),
                  jobData.getProperty(QuartzJobs.TYPE_KEY, ""),
                  jobData.getProperty(QuartzJobs.FINGERPRINT_KEY, ""),
                  "true".equals(jobData.getProperty(ClusterJobStore.START_PAUSED_KEY)),
                  trigger(row)));
        }
        return jobs;
      }
    }
  }

  /** Names of the triggers Quartz cannot load. */
  public List<String> brokenTriggers() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(SELECT_BROKEN)) {
      statement.setString(1, QuartzSchedulerFactory.CLUSTER_NAME);
      statement.setString(2, QuartzJobs.GROUP);
      try (ResultSet row = statement.executeQuery()) {
        List<String> names = new ArrayList<>();
        while (row.next()) {
          names.add(row.getString(1));
        }
        return names;
      }
    }
  }

  private static Optional<StoredTrigger> trigger(ResultSet row) throws SQLException {
    String kind = row.getString("trigger_type");
    if (kind == null) {
      return Optional.empty();
    }
    String state = row.getString("trigger_state");
    Properties data = properties(row.getBytes("trigger_data"));
    return Optional.of(
        new StoredTrigger(
            kind,
            state,
            instant(row.getLong("next_fire_time")),
            instant(row.getLong("prev_fire_time")),
            Optional.ofNullable(row.getString("time_zone_id")),
            Optional.ofNullable(data.getProperty(QuartzJobs.SCHEDULE_KEY)),
            Optional.ofNullable(data.getProperty(QuartzJobs.MISFIRE_KEY)),
            problem(kind, state, row.getBoolean("simple_row"), row.getBoolean("cron_row"))));
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
