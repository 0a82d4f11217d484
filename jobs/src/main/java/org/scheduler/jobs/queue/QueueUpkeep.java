package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The queue's maintenance, run on every node: delayed messages whose time has come and claims whose
 * lease expired become ready again. Each statement locks with SKIP LOCKED, so nodes doing it at
 * once share the rows instead of waiting on each other, and tells the consumers of the queues it
 * filled ({@link QueueNotices}).
 */
public final class QueueUpkeep {
  // 1 limit. Tells consumers of the queues it filled, and returns how many it moved and how long
  // until the next delayed message is due (NULL: none), so the caller sleeps just that long.
  private static final String PROMOTE_DELAYED =
      "WITH promoted AS (UPDATE queue_messages SET state = 'ready' WHERE id IN (SELECT id"
          + " FROM queue_messages WHERE state = 'delayed' AND run_at <= now() LIMIT ?"
          + " FOR UPDATE SKIP LOCKED) RETURNING queue),"
          + " notified AS (SELECT pg_notify('"
          + QueueNotices.CHANNEL
          + "', queue)"
          + " FROM (SELECT DISTINCT queue FROM promoted) q)"
          + " SELECT (SELECT count(*) FROM promoted), (SELECT count(*) FROM notified),"
          + " (SELECT EXTRACT(EPOCH FROM min(run_at) - now()) FROM queue_messages"
          + " WHERE state = 'delayed' AND run_at > now())";
  // 1 limit; tells consumers of the queues it filled
  private static final String RECLAIM_EXPIRED =
      "WITH reclaimed AS (UPDATE queue_messages SET state = 'ready', lease_token = NULL,"
          + " lease_until = NULL WHERE id IN (SELECT id FROM queue_messages"
          + " WHERE state = 'claimed' AND lease_until < now() LIMIT ? FOR UPDATE SKIP LOCKED)"
          + " RETURNING queue),"
          + " notified AS (SELECT pg_notify('"
          + QueueNotices.CHANNEL
          + "', queue)"
          + " FROM (SELECT DISTINCT queue FROM reclaimed) q)"
          + " SELECT (SELECT count(*) FROM reclaimed), (SELECT count(*) FROM notified)";

  private final DataSource dataSource;

  public QueueUpkeep(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  /** What a promotion did: messages made ready, and when the next delayed one is due. */
  public record Promotion(int promoted, Optional<Duration> nextDue) {}

  /** Makes due delayed messages ready. */
  public Promotion promoteDelayed(int limit) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(PROMOTE_DELAYED)) {
      statement.setInt(1, limit);
      try (ResultSet resultSet = statement.executeQuery()) {
        resultSet.next();
        int promoted = resultSet.getInt(1);
        double seconds = resultSet.getDouble(3);
        return new Promotion(
            promoted,
            resultSet.wasNull()
                ? Optional.empty()
                : Optional.of(Duration.ofNanos((long) (seconds * 1e9))));
      }
    }
  }

  /** Makes messages whose lease expired claimable again; returns how many. */
  public int reclaimExpired(int limit) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(RECLAIM_EXPIRED)) {
      statement.setInt(1, limit);
      try (ResultSet resultSet = statement.executeQuery()) {
        resultSet.next();
        return resultSet.getInt(1);
      }
    }
  }
}
