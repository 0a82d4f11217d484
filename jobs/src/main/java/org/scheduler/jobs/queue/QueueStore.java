package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.scheduler.api.Message;
import org.scheduler.api.Progress;

/**
 * The SQL of the worker's hot path: claim, ack, retry, dead-letter, extend, release ({@link
 * QueueUpkeep} has the maintenance that makes messages claimable again). Each is one statement;
 * every one that finishes a claim's messages names the claim's token, so a node whose lease was
 * taken over can no longer touch the messages (fencing).
 */
public final class QueueStore {
  /**
   * The claim: 1 queue, 2 limit, 3 payload bytes, 4 lease token, 5 lease seconds. It locks the
   * first {@code limit} ready messages and takes them in order while their payloads add up to less
   * than the byte limit; the first one always. Public for EXPLAIN in bench.
   */
  public static final String CLAIM =
      "WITH locked AS (SELECT id, priority, run_at, payload_bytes FROM queue_messages"
          + " WHERE queue = ? AND state = 'ready'"
          + " ORDER BY priority DESC, run_at, id LIMIT ? FOR UPDATE SKIP LOCKED),"
          + " picked AS (SELECT id FROM (SELECT id, sum(payload_bytes) OVER"
          + " (ORDER BY priority DESC, run_at, id) - payload_bytes AS before FROM locked) l"
          + " WHERE before < ?)"
          + " UPDATE queue_messages m SET state = 'claimed', lease_token = ?,"
          + " lease_until = now() + make_interval(secs => ?), attempts = m.attempts + 1"
          + " FROM picked WHERE m.id = picked.id"
          + " RETURNING m.id, m.type, m.payload::text, m.priority, m.attempts, m.max_attempts,"
          + " m.enqueued_at";

  // 1 ids, 2 token
  public static final String ACK =
      "WITH acked AS (DELETE FROM queue_messages WHERE id = ANY(?) AND lease_token = ?"
          + " AND state = 'claimed' RETURNING id, queue, type, attempts, enqueued_at)"
          + " INSERT INTO queue_history (id, queue, type, attempts, enqueued_at)"
          + " SELECT id, queue, type, attempts, enqueued_at FROM acked RETURNING id";
  // 1 ids, 2 delays in seconds, 3 errors, 4 token
  // A retry with a delay tells every node's promotion loop (QueueNotices.DELAYED), so that it is
  // claimable at its time rather than at the next maintenance round.
  private static final String RETRY =
      "WITH retried AS (UPDATE queue_messages m SET state = CASE WHEN f.delay > 0 THEN 'delayed'"
          + " ELSE 'ready' END, run_at = now() + make_interval(secs => f.delay),"
          + " lease_token = NULL, lease_until = NULL, last_error = f.error"
          + " FROM unnest(?::bigint[], ?::float8[], ?::text[]) AS f(id, delay, error)"
          + " WHERE m.id = f.id AND m.lease_token = ? AND m.state = 'claimed'"
          + " RETURNING m.id, m.state),"
          + " notified AS (SELECT pg_notify('"
          + QueueNotices.CHANNEL
          + "', '"
          + QueueNotices.DELAYED
          + "') FROM retried WHERE state = 'delayed' LIMIT 1)"
          + " SELECT id FROM retried WHERE (SELECT count(*) FROM notified) >= 0";
  // 1 ids, 2 errors, 3 token
  private static final String DEAD_LETTER =
      "WITH dead AS (DELETE FROM queue_messages m USING unnest(?::bigint[], ?::text[])"
          + " AS f(id, error) WHERE m.id = f.id AND m.lease_token = ? AND m.state = 'claimed'"
          + " RETURNING m.id, m.queue, m.type, m.payload, m.priority, m.dedupe_key, m.attempts,"
          + " m.max_attempts, f.error, m.enqueued_at)"
          + " INSERT INTO queue_dead (id, queue, type, payload, priority, dedupe_key, attempts,"
          + " max_attempts, last_error, enqueued_at) SELECT * FROM dead RETURNING id";
  // 1 lease seconds, 2 token, 3 ids
  private static final String EXTEND =
      "UPDATE queue_messages SET lease_until = now() + make_interval(secs => ?)"
          + " WHERE lease_token = ? AND state = 'claimed' AND id = ANY(?) RETURNING id";
  // 1 lease seconds, 2 the reporting message's id, 3 its fraction, 4 its step, 5 token, 6 ids
  private static final String PROGRESS =
      "UPDATE queue_messages m SET lease_until = now() + make_interval(secs => ?),"
          + " progress = CASE WHEN m.id = p.id THEN p.fraction ELSE m.progress END,"
          + " progress_step = CASE WHEN m.id = p.id THEN p.step ELSE m.progress_step END,"
          + " progress_at = CASE WHEN m.id = p.id THEN now() ELSE m.progress_at END"
          + " FROM (SELECT ?::bigint AS id, ?::real AS fraction, ?::text AS step) p"
          + " WHERE m.lease_token = ? AND m.state = 'claimed' AND m.id = ANY(?) RETURNING m.id";
  // 1 token, 2 ids; a released message was not attempted, so its attempt is given back. Other
  // nodes' consumers are told (QueueNotices), since a stopping node releases what it will not do.
  private static final String RELEASE =
      "WITH released AS (UPDATE queue_messages SET state = 'ready', lease_token = NULL,"
          + " lease_until = NULL, attempts = attempts - 1 WHERE lease_token = ?"
          + " AND state = 'claimed' AND id = ANY(?) RETURNING id, queue)"
          + " SELECT id, pg_notify('"
          + QueueNotices.CHANNEL
          + "', queue) FROM released";
  private final DataSource dataSource;

  @Inject
  public QueueStore(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  /** The database the queue lives in, for its maintenance and its notices. */
  DataSource dataSource() {
    return dataSource;
  }

  /**
   * Claims up to {@code limit} ready messages of {@code queue}, highest priority then oldest first,
   * under a new token with a lease of {@code lease} on the database clock.
   */
  public Claim claim(String queue, int limit, Duration lease) throws SQLException {
    return claim(queue, limit, Long.MAX_VALUE, lease);
  }

  /** As above, stopping before the payloads add up to {@code maxBytes} (but taking one always). */
  public Claim claim(String queue, int limit, long maxBytes, Duration lease) throws SQLException {
    return claim(queue, limit, maxBytes, lease, Map.of());
  }

  /**
   * As above, taking of each type in {@code limits} only what its limits allow now, across the
   * cluster ({@link LimitedClaim}); other types are claimed as if the limited ones were not there.
   */
  public Claim claim(
      String queue, int limit, long maxBytes, Duration lease, Map<String, QueueConfig.Limit> limits)
      throws SQLException {
    UUID token = UUID.randomUUID();
    List<Message> messages = new ArrayList<>(limit);
    Lease held = Lease.grantedAt(System.nanoTime(), lease);
    Message.LeaseExtender extender = new ClaimLease(this, token, messages, held, lease);
    try (Connection connection = dataSource.getConnection()) {
      if (limits.isEmpty()) {
        try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
          statement.setString(1, queue);
          statement.setInt(2, limit);
          statement.setLong(3, maxBytes);
          statement.setObject(4, token);
          statement.setDouble(5, seconds(lease));
          try (ResultSet resultSet = statement.executeQuery()) {
            readClaimed(resultSet, queue, extender, messages);
          }
        }
      } else {
        new LimitedClaim(connection, queue, limits)
            .claim(
                limit,
                maxBytes,
                token,
                lease,
                resultSet -> {
                  readClaimed(resultSet, queue, extender, messages);
                  return messages;
                });
      }
    }
    messages.sort(
        Comparator.comparingInt(Message::priority).reversed().thenComparingLong(Message::id));
    return new Claim(token, messages, held);
  }

  /** Reads the claim statement's rows: id, type, payload, priority, attempts, max, enqueued. */
  private static void readClaimed(
      ResultSet resultSet, String queue, Message.LeaseExtender extender, List<Message> messages)
      throws SQLException {
    while (resultSet.next()) {
      int maxAttempts = resultSet.getInt(6);
      Optional<Integer> messageMaxAttempts =
          resultSet.wasNull() ? Optional.empty() : Optional.of(maxAttempts);
      messages.add(
          new Message(
              resultSet.getLong(1),
              queue,
              resultSet.getString(2),
              resultSet.getString(3),
              resultSet.getInt(4),
              resultSet.getInt(5),
              messageMaxAttempts,
              resultSet.getTimestamp(7).toInstant(),
              extender));
    }
  }

  /** Acks messages of a claim; returns the ids acked. Any other id was refused (stale token). */
  public Set<Long> ack(UUID token, List<Long> ids) throws SQLException {
    if (ids.isEmpty()) {
      return Set.of();
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(ACK)) {
      statement.setArray(1, longs(connection, ids));
      statement.setObject(2, token);
      return ids(statement);
    }
  }

  /** A failed message to try again after {@code delay}. */
  public record Retry(long id, Duration delay, String error) {}

  public Set<Long> retry(UUID token, List<Retry> retries) throws SQLException {
    if (retries.isEmpty()) {
      return Set.of();
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(RETRY)) {
      statement.setArray(1, longs(connection, retries.stream().map(Retry::id).toList()));
      statement.setArray(
          2,
          connection.createArrayOf(
              "float8", retries.stream().map(retry -> seconds(retry.delay())).toArray()));
      statement.setArray(
          3, connection.createArrayOf("text", retries.stream().map(Retry::error).toArray()));
      statement.setObject(4, token);
      return ids(statement);
    }
  }

  /** A message to dead-letter, with why. */
  public record Dead(long id, String error) {}

  public Set<Long> deadLetter(UUID token, List<Dead> dead) throws SQLException {
    if (dead.isEmpty()) {
      return Set.of();
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(DEAD_LETTER)) {
      statement.setArray(1, longs(connection, dead.stream().map(Dead::id).toList()));
      statement.setArray(
          2, connection.createArrayOf("text", dead.stream().map(Dead::error).toArray()));
      statement.setObject(3, token);
      return ids(statement);
    }
  }

  /** Extends the lease of the claim's messages that are still held; returns those ids. */
  public Set<Long> extend(UUID token, List<Long> ids, Duration by) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(EXTEND)) {
      statement.setDouble(1, seconds(by));
      statement.setObject(2, token);
      statement.setArray(3, longs(connection, ids));
      return ids(statement);
    }
  }

  /**
   * Stores one message's progress and renews the lease of the claim's messages still held, as one
   * statement; returns the ids still held.
   */
  public Set<Long> progress(UUID token, List<Long> ids, long id, Progress progress, Duration lease)
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(PROGRESS)) {
      statement.setDouble(1, seconds(lease));
      statement.setLong(2, id);
      statement.setDouble(3, progress.fraction());
      statement.setString(4, progress.step());
      statement.setObject(5, token);
      statement.setArray(6, longs(connection, ids));
      return ids(statement);
    }
  }

  /** Gives messages of a claim back at once, unattempted, for another consumer to take. */
  public Set<Long> release(UUID token, List<Long> ids) throws SQLException {
    if (ids.isEmpty()) {
      return Set.of();
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(RELEASE)) {
      statement.setObject(1, token);
      statement.setArray(2, longs(connection, ids));
      return ids(statement);
    }
  }

  private static Set<Long> ids(PreparedStatement statement) throws SQLException {
    Set<Long> ids = new HashSet<>();
    try (ResultSet resultSet = statement.executeQuery()) {
      while (resultSet.next()) {
        ids.add(resultSet.getLong(1));
      }
    }
    return ids;
  }

  static Array longs(Connection connection, List<Long> values) throws SQLException {
    return connection.createArrayOf("bigint", values.toArray());
  }

  static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
