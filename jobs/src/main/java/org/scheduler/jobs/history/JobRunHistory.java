package org.scheduler.jobs.history;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.scheduler.api.Progress;
import org.scheduler.jobs.history.JobRun.Outcome;

/** The SQL of the job-run history ({@code job_runs}, see sql/V2__job_runs.sql). */
public final class JobRunHistory {
  // 1 how many ids
  private static final String NEXT_IDS =
      "SELECT nextval(pg_get_serial_sequence('job_runs', 'id')) FROM generate_series(1, ?)";
  // arrays, one element per run: 1 id, 2 job_name, 3 trigger_name, 4 fire_id, 5 node_id,
  // 6 scheduled_at, 7 started_at, 8 finished_at, 9 outcome, 10 recovering, 11 error, 12 result
  private static final String INSERT_RUNS =
      "INSERT INTO job_runs (id, job_name, trigger_name, fire_id, node_id, scheduled_at,"
          + " started_at, finished_at, outcome, recovering, error, result) OVERRIDING SYSTEM VALUE"
          + " SELECT r.id, r.job_name, r.trigger_name, r.fire_id, r.node_id, r.scheduled_at::timestamptz,"
          + " r.started_at::timestamptz, r.finished_at::timestamptz, r.outcome, r.recovering,"
          + " r.error, r.result FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[],"
          + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[],"
          + " ?::text[]) AS r(id, job_name, trigger_name, fire_id, node_id, scheduled_at,"
          + " started_at, finished_at, outcome, recovering, error, result)";
  // arrays, one element per run: 1 id, 2 finished_at, 3 outcome, 4 error, 5 result
  private static final String UPDATE_RUNS_FINISHED =
      "UPDATE job_runs j SET finished_at = f.finished_at::timestamptz, outcome = f.outcome,"
          + " error = f.error, result = f.result"
          + " FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[])"
          + "   AS f(id, finished_at, outcome, error, result) WHERE j.id = f.id";
  // 1 job_name, 2 trigger_name, 3 node_id, 4 scheduled_at, 5 error (what the policy did)
  private static final String INSERT_MISFIRED =
      "INSERT INTO job_runs (job_name, trigger_name, node_id, scheduled_at, started_at,"
          + " finished_at, outcome, error) VALUES (?, ?, ?, ?, now(), now(), 'MISFIRED', ?)";
  private static final String COLUMNS =
      "id, job_name, trigger_name, node_id, scheduled_at, started_at, finished_at, outcome,"
          + " recovering, error, result, progress, progress_step, progress_at";
  // arrays, one element per run: 1 id, 2 fraction, 3 step; only runs still going take it
  private static final String UPDATE_PROGRESS =
      "UPDATE job_runs j SET progress = p.fraction, progress_step = p.step, progress_at = now()"
          + " FROM unnest(?::bigint[], ?::real[], ?::text[]) AS p(id, fraction, step)"
          + " WHERE j.id = p.id AND j.outcome = 'RUNNING'";
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

  /** A run as the node saw it start. */
  public record Started(
      String jobName,
      String triggerName,
      String fireId,
      String nodeId,
      Instant scheduledAt,
      Instant startedAt,
      boolean recovering) {}

  /** How a run ended. */
  public record Ended(Instant finishedAt, Outcome outcome, String error, String result) {}

  /** A row to insert: a run still going ({@code ended} null) or one already over. */
  public record NewRow(Started started, Ended ended) {}

  /** The end of a run whose row is stored under {@code id}. */
  public record EndedRow(long id, Ended ended) {}

  /**
   * Inserts {@code rows} and stores the ends of {@code ended}, in one transaction; returns the
   * inserted rows' ids, in their order.
   */
  public long[] write(List<NewRow> rows, List<EndedRow> ended) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        long[] ids = nextIds(connection, rows.size());
        insert(connection, rows, ids);
        finish(connection, ended);
        connection.commit();
        return ids;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
  }

  private static long[] nextIds(Connection connection, int count) throws SQLException {
    long[] ids = new long[count];
    if (count == 0) {
      return ids;
    }
    try (PreparedStatement statement = connection.prepareStatement(NEXT_IDS)) {
      statement.setInt(1, count);
      try (ResultSet resultSet = statement.executeQuery()) {
        for (int i = 0; i < count && resultSet.next(); i++) {
          ids[i] = resultSet.getLong(1);
        }
      }
    }
    return ids;
  }

  private static void insert(Connection connection, List<NewRow> rows, long[] ids)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(INSERT_RUNS)) {
      statement.setArray(
          1, connection.createArrayOf("bigint", Arrays.stream(ids).boxed().toArray()));
      statement.setArray(2, texts(connection, rows, row -> row.started().jobName()));
      statement.setArray(3, texts(connection, rows, row -> row.started().triggerName()));
      statement.setArray(4, texts(connection, rows, row -> row.started().fireId()));
      statement.setArray(5, texts(connection, rows, row -> row.started().nodeId()));
      statement.setArray(6, texts(connection, rows, row -> text(row.started().scheduledAt())));
      statement.setArray(7, texts(connection, rows, row -> text(row.started().startedAt())));
      statement.setArray(8, texts(connection, rows, row -> ending(row, e -> text(e.finishedAt()))));
      statement.setArray(
          9,
          texts(
              connection,
              rows,
              row -> row.ended() == null ? Outcome.RUNNING.name() : row.ended().outcome().name()));
      statement.setArray(
          10,
          connection.createArrayOf(
              "boolean", rows.stream().map(row -> row.started().recovering()).toArray()));
      statement.setArray(11, texts(connection, rows, row -> ending(row, Ended::error)));
      statement.setArray(12, texts(connection, rows, row -> ending(row, Ended::result)));
      statement.executeUpdate();
    }
  }

  private static void finish(Connection connection, List<EndedRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(UPDATE_RUNS_FINISHED)) {
      statement.setArray(
          1, connection.createArrayOf("bigint", rows.stream().map(EndedRow::id).toArray()));
      statement.setArray(2, texts(connection, rows, row -> text(row.ended().finishedAt())));
      statement.setArray(3, texts(connection, rows, row -> row.ended().outcome().name()));
      statement.setArray(4, texts(connection, rows, row -> row.ended().error()));
      statement.setArray(5, texts(connection, rows, row -> row.ended().result()));
      statement.executeUpdate();
    }
  }

  /** A field of the row's end; null while the run goes on. */
  private static String ending(NewRow row, Function<Ended, String> field) {
    return row.ended() == null ? null : field.apply(row.ended());
  }

  private static <T> Array texts(Connection connection, List<T> rows, Function<T, String> field)
      throws SQLException {
    return connection.createArrayOf("text", rows.stream().map(field).toArray());
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
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
        resultSet.getString("result"),
        progress(resultSet),
        instant(resultSet.getTimestamp("progress_at")));
  }

  private static Optional<Progress> progress(ResultSet resultSet) throws SQLException {
    float fraction = resultSet.getFloat("progress");
    return resultSet.wasNull()
        ? Optional.empty()
        : Optional.of(new Progress(fraction, String.valueOf(resultSet.getString("progress_step"))));
  }

  /** The latest progress of runs whose rows are written. */
  public record ProgressRow(long id, Progress progress) {}

  public void progress(List<ProgressRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(UPDATE_PROGRESS)) {
      statement.setArray(
          1, connection.createArrayOf("bigint", rows.stream().map(ProgressRow::id).toArray()));
      statement.setArray(
          2,
          connection.createArrayOf(
              "float4", rows.stream().map(row -> (float) row.progress().fraction()).toArray()));
      statement.setArray(
          3,
          connection.createArrayOf(
              "text", rows.stream().map(row -> row.progress().step()).toArray()));
      statement.executeUpdate();
    }
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
