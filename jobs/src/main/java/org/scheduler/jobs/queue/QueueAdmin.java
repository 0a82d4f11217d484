package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The SQL of looking at queues from outside: counts, dead letters, replay, pruning. */
public final class QueueAdmin {
  private static final String COUNT_LIVE =
      "SELECT queue, state, count(*), extract(epoch FROM now() - min(run_at))"
          + " FROM queue_messages GROUP BY queue, state";
  private static final String COUNT_DEAD = "SELECT queue, count(*) FROM queue_dead GROUP BY queue";
  private static final String ACKED_LAST_MINUTE =
      "SELECT queue, count(*) FROM queue_history WHERE acked_at > now() - interval '1 minute'"
          + " GROUP BY queue";
  // 1 queue, 2 limit
  private static final String LIST_DEAD =
      "SELECT id, type, payload::text, priority, dedupe_key, attempts, last_error, enqueued_at,"
          + " dead_at FROM queue_dead WHERE queue = ? ORDER BY dead_at DESC, id DESC LIMIT ?";
  // 1 queue, 2 id; the message comes back with its id, attempts start again from zero
  private static final String REPLAY =
      "WITH moved AS (DELETE FROM queue_dead WHERE queue = ? AND id = ? RETURNING *)"
          + " INSERT INTO queue_messages (id, queue, type, payload, priority, state, run_at,"
          + " dedupe_key, attempts, max_attempts, last_error, enqueued_at, payload_bytes)"
          + " OVERRIDING SYSTEM VALUE"
          + " SELECT id, queue, type, payload, priority, 'ready', now(), dedupe_key, 0,"
          + " max_attempts, last_error, enqueued_at, octet_length(payload::text)"
          + " FROM moved RETURNING id";
  // 1 queue, 2 retention seconds, 3 limit
  private static final String PRUNE_HISTORY =
      "DELETE FROM queue_history WHERE ctid = ANY(ARRAY(SELECT ctid FROM queue_history"
          + " WHERE queue = ? AND acked_at < now() - make_interval(secs => ?) LIMIT ?))";
  private static final String PRUNE_DEAD =
      "DELETE FROM queue_dead WHERE id IN (SELECT id FROM queue_dead"
          + " WHERE queue = ? AND dead_at < now() - make_interval(secs => ?) LIMIT ?)";

  private final DataSource dataSource;

  @Inject
  public QueueAdmin(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  /** A queue's counts; {@code oldestReadyAge} is how long the oldest ready message has waited. */
  public record Stats(
      long ready,
      long delayed,
      long claimed,
      long dead,
      Optional<Duration> oldestReadyAge,
      long ackedLastMinute) {
    public long depth() {
      return ready + delayed + claimed;
    }
  }

  /** Counts of every queue that has or had messages, and of every name in {@code queues}. */
  public Map<String, Stats> stats(Iterable<String> queues) throws SQLException {
    Map<String, long[]> counts = new LinkedHashMap<>();
    Map<String, Duration> oldest = new LinkedHashMap<>();
    queues.forEach(queue -> counts.put(queue, new long[5]));
    try (Connection connection = dataSource.getConnection()) {
      try (PreparedStatement statement = connection.prepareStatement(COUNT_LIVE);
          ResultSet resultSet = statement.executeQuery()) {
        while (resultSet.next()) {
          long[] row = counts.computeIfAbsent(resultSet.getString(1), q -> new long[5]);
          String state = resultSet.getString(2);
          int index = state.equals("ready") ? 0 : state.equals("delayed") ? 1 : 2;
          row[index] = resultSet.getLong(3);
          if (index == 0) {
            oldest.put(
                resultSet.getString(1),
                Duration.ofMillis((long) (Math.max(0, resultSet.getDouble(4)) * 1000)));
          }
        }
      }
      addCounts(connection, COUNT_DEAD, counts, 3);
      addCounts(connection, ACKED_LAST_MINUTE, counts, 4);
    }
    Map<String, Stats> stats = new LinkedHashMap<>();
    counts.forEach(
        (queue, row) ->
            stats.put(
                queue,
                new Stats(
                    row[0],
                    row[1],
                    row[2],
                    row[3],
                    Optional.ofNullable(oldest.get(queue)),
                    row[4])));
    return stats;
  }

  private static void addCounts(
      Connection connection, String sql, Map<String, long[]> counts, int index)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet resultSet = statement.executeQuery()) {
      while (resultSet.next()) {
        counts.computeIfAbsent(resultSet.getString(1), q -> new long[5])[index] =
            resultSet.getLong(2);
      }
    }
  }

  /** A dead letter as listed. */
  public record DeadMessage(
      long id,
      String type,
      String payload,
      int priority,
      String dedupeKey,
      int attempts,
      String lastError,
      Instant enqueuedAt,
      Instant deadAt) {}

  public List<DeadMessage> dead(String queue, int limit) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(LIST_DEAD)) {
      statement.setString(1, queue);
      statement.setInt(2, limit);
      try (ResultSet resultSet = statement.executeQuery()) {
        List<DeadMessage> dead = new ArrayList<>();
        while (resultSet.next()) {
          dead.add(
              new DeadMessage(
                  resultSet.getLong(1),
                  resultSet.getString(2),
                  resultSet.getString(3),
                  resultSet.getInt(4),
                  resultSet.getString(5),
                  resultSet.getInt(6),
                  resultSet.getString(7),
                  resultSet.getTimestamp(8).toInstant(),
                  resultSet.getTimestamp(9).toInstant()));
        }
        return dead;
      }
    }
  }

  /** Why a replay did not happen. */
  public enum ReplayOutcome {
    REPLAYED,
    NOT_FOUND,
    DEDUPE_KEY_PENDING
  }

  /** Makes a dead letter ready again, with its attempts reset. */
  public ReplayOutcome replay(String queue, long id) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(REPLAY)) {
      statement.setString(1, queue);
      statement.setLong(2, id);
      try (ResultSet resultSet = statement.executeQuery()) {
        return resultSet.next() ? ReplayOutcome.REPLAYED : ReplayOutcome.NOT_FOUND;
      }
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        return ReplayOutcome.DEDUPE_KEY_PENDING;
      }
      throw e;
    }
  }

  /** Deletes at most {@code limit} acked history rows of a queue older than {@code retention}. */
  public int pruneHistory(String queue, Duration retention, int limit) throws SQLException {
    return prune(PRUNE_HISTORY, queue, retention, limit);
  }

  public int pruneDead(String queue, Duration retention, int limit) throws SQLException {
    return prune(PRUNE_DEAD, queue, retention, limit);
  }

  private int prune(String sql, String queue, Duration retention, int limit) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, queue);
      statement.setDouble(2, QueueStore.seconds(retention));
      statement.setInt(3, limit);
      return statement.executeUpdate();
    }
  }
}
