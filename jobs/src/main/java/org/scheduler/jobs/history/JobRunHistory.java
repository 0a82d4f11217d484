package org.scheduler.jobs.history;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.scheduler.jobs.history.JobRun.Outcome;

/** The SQL of the job-run history ({@code job_runs}, see sql/V2__job_runs.sql). */
public final class JobRunHistory {
  // 1 job_name, 2 trigger_name, 3 fire_id, 4 node_id, 5 scheduled_at, 6 recovering
  private static final String INSERT_STARTED =
      "INSERT INTO job_runs (job_name, trigger_name, fire_id, node_id, scheduled_at, started_at,"
          + " outcome, recovering) VALUES (?, ?, ?, ?, ?, now(), 'RUNNING', ?) RETURNING id";
  // 1 outcome, 2 error, 3 result, 4 id
  private static final String UPDATE_FINISHED =
      "UPDATE job_runs SET finished_at = now(), outcome = ?, error = ?, result = ? WHERE id = ?";
  // 1 job_name, 2 trigger_name, 3 node_id, 4 scheduled_at, 5 error (what the policy did)
  private static final String INSERT_MISFIRED =
      "INSERT INTO job_runs (job_name, trigger_name, node_id, scheduled_at, started_at,"
          + " finished_at, outcome, error) VALUES (?, ?, ?, ?, now(), now(), 'MISFIRED', ?)";
  private static final String COLUMNS =
      "id, job_name, trigger_name, node_id, scheduled_at, started_at, finished_at, outcome,"
          + " recovering, error, result";
  // 1 job_name, 2 limit
  private static final String SELECT_RUNS =
      "SELECT "
          + COLUMNS
          + " FROM job_runs WHERE job_name = ? ORDER BY started_at DESC, id DESC"
          + " LIMIT ?";
  private static final String SELECT_LATEST =
      "SELECT DISTINCT ON (job_name) "
          + COLUMNS
          + " FROM job_runs ORDER BY job_name, started_at DESC, id DESC";
  // 1 retention in seconds, 2 rows at most; the oldest first, so the index on started_at serves it
  private static final String DELETE_OLDER_THAN =
      "DELETE FROM job_runs WHERE id IN (SELECT id FROM job_runs"
          + " WHERE started_at < now() - make_interval(secs => ?) ORDER BY started_at LIMIT ?)";

  private final DataSource dataSource;

  @Inject
  public JobRunHistory(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  /** Records that a run started; returns the id that {@link #finished} takes. */
  public long started(
      String jobName,
      String triggerName,
      String fireId,
      String nodeId,
      Instant scheduledAt,
      boolean recovering)
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(INSERT_STARTED)) {
      statement.setString(1, jobName);
      statement.setString(2, triggerName);
      statement.setString(3, fireId);
      statement.setString(4, nodeId);
      statement.setTimestamp(5, timestamp(scheduledAt));
      statement.setBoolean(6, recovering);
      try (ResultSet resultSet = statement.executeQuery()) {
        resultSet.next();
        return resultSet.getLong(1);
      }
    }
  }

  public void finished(long id, Outcome outcome, String error, String result) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(UPDATE_FINISHED)) {
      statement.setString(1, outcome.name());
      statement.setString(2, error);
      statement.setString(3, result);
      statement.setLong(4, id);
      statement.executeUpdate();
    }
  }

  public void misfired(
      String jobName, String triggerName, String nodeId, Instant scheduledAt, String what)
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(INSERT_MISFIRED)) {
      statement.setString(1, jobName);
      statement.setString(2, triggerName);
      statement.setString(3, nodeId);
      statement.setTimestamp(4, timestamp(scheduledAt));
      statement.setString(5, what);
      statement.executeUpdate();
    }
  }

  /** The newest runs of a job first. */
  public List<JobRun> runs(String jobName, int limit) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(SELECT_RUNS)) {
      statement.setString(1, jobName);
      statement.setInt(2, limit);
      try (ResultSet resultSet = statement.executeQuery()) {
        List<JobRun> runs = new ArrayList<>();
        while (resultSet.next()) {
          runs.add(read(resultSet));
        }
        return runs;
      }
    }
  }

  /** The latest run of every job that has one, by job name. */
  public Map<String, JobRun> latestRuns() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(SELECT_LATEST);
        ResultSet resultSet = statement.executeQuery()) {
      Map<String, JobRun> latest = new LinkedHashMap<>();
      while (resultSet.next()) {
        JobRun run = read(resultSet);
        latest.put(run.jobName(), run);
      }
      return latest;
    }
  }

  /** Deletes at most {@code limit} runs that started longer than {@code retention} ago. */
  public int deleteOlderThan(Duration retention, int limit) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(DELETE_OLDER_THAN)) {
      statement.setDouble(1, retention.toMillis() / 1000.0);
      statement.setInt(2, limit);
      return statement.executeUpdate();
    }
  }

  private static JobRun read(ResultSet resultSet) throws SQLException {
    return new JobRun(
        resultSet.getLong("id"),
        resultSet.getString("job_name"),
        resultSet.getString("trigger_name"),
        resultSet.getString("node_id"),
        instant(resultSet.getTimestamp("scheduled_at")),
        instant(resultSet.getTimestamp("started_at")),
        instant(resultSet.getTimestamp("finished_at")),
        Outcome.valueOf(resultSet.getString("outcome")),
        resultSet.getBoolean("recovering"),
        resultSet.getString("error"),
        resultSet.getString("result"));
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
