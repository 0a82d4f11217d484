package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.scheduler.api.Message;

/**
 * A claim on a queue with limits per message type, as one transaction of three statements. It locks
 * the limited types' rows of {@code queue_limits} ({@code SKIP LOCKED}: a type whose row another
 * claim holds is left out of this one, so claims never queue up behind each other); counts, under
 * that lock, the type's messages claimed across the cluster; claims what each type's concurrency
 * and token bucket allow beside the unlimited types, which a backlog of a limited type does not
 * hold back; and takes the claimed messages' tokens from the buckets. The limits are consulted once
 * per claim, never per message.
 */
final class LimitedClaim {
  // 1 queue, 2 types: makes the rows of new limits (taken from the next claim on), then locks
  private static final String LOCK =
      "WITH made AS (INSERT INTO queue_limits (queue, type) SELECT ?, unnest(?::text[])"
          + " ON CONFLICT DO NOTHING RETURNING 1)"
          + " SELECT type, tokens, extract(epoch FROM now() - refilled_at) FROM queue_limits"
          + " WHERE queue = ? AND type = ANY(?) FOR UPDATE SKIP LOCKED";

  // 1 queue, 2 limited types, 3 what each may take by its tokens, 4 its concurrency (or null),
  // 5 queue, 6 all limited types, 7 limit, 8 queue, 9 limit, 10 payload bytes, 11 token,
  // 12 lease seconds
  private static final String CLAIM =
      "WITH allowance AS (SELECT a.type, GREATEST(0, LEAST(a.by_tokens, a.concurrency"
          + " - (SELECT count(*) FROM queue_messages c WHERE c.queue = ? AND c.type = a.type"
          + " AND c.state = 'claimed'))) AS allowed"
          + " FROM unnest(?::text[], ?::int[], ?::int[]) AS a(type, by_tokens, concurrency)),"
          + " free AS (SELECT id, priority, run_at, payload_bytes FROM queue_messages"
          + " WHERE queue = ? AND state = 'ready' AND type <> ALL(?::text[])"
          + " ORDER BY priority DESC, run_at, id LIMIT ? FOR UPDATE SKIP LOCKED),"
          + " capped AS (SELECT t.id, t.priority, t.run_at, t.payload_bytes FROM allowance a"
          + " CROSS JOIN LATERAL (SELECT id, priority, run_at, payload_bytes FROM queue_messages"
          + " WHERE queue = ? AND state = 'ready' AND type = a.type"
          + " ORDER BY priority DESC, run_at, id LIMIT a.allowed FOR UPDATE SKIP LOCKED) t),"
          + " locked AS (SELECT * FROM free UNION ALL SELECT * FROM capped),"
          + " picked AS (SELECT id FROM (SELECT id, row_number() OVER w AS n,"
          + " sum(payload_bytes) OVER w - payload_bytes AS before FROM locked"
          + " WINDOW w AS (ORDER BY priority DESC, run_at, id)) l WHERE n <= ? AND before < ?)"
          + " UPDATE queue_messages m SET state = 'claimed', lease_token = ?,"
          + " lease_until = now() + make_interval(secs => ?), attempts = m.attempts + 1"
          + " FROM picked WHERE m.id = picked.id"
          + " RETURNING m.id, m.type, m.payload::text, m.priority, m.attempts, m.max_attempts,"
          + " m.enqueued_at";

  // 1 types, 2 tokens left, 3 queue
  private static final String SPEND =
      "UPDATE queue_limits l SET tokens = u.tokens, refilled_at = now()"
          + " FROM unnest(?::text[], ?::float8[]) AS u(type, tokens)"
          + " WHERE l.queue = ? AND l.type = u.type";

  /** Reads the claimed rows into messages; answers them. */
  interface Rows {
    List<Message> read(ResultSet resultSet) throws SQLException;
  }

  private final Connection connection;
  private final String queue;
  private final Map<String, QueueConfig.Limit> limits;

  LimitedClaim(Connection connection, String queue, Map<String, QueueConfig.Limit> limits) {
    this.connection = requireNonNull(connection, "connection is null");
    this.queue = requireNonNull(queue, "queue is null");
    this.limits = requireNonNull(limits, "limits is null");
  }

  void claim(int limit, long maxBytes, UUID token, Duration lease, Rows rows) throws SQLException {
    List<String> types = List.copyOf(limits.keySet());
    connection.setAutoCommit(false);
    try {
      Map<String, Double> tokens = lock(types);
      List<String> held = new ArrayList<>(tokens.keySet());
      Integer[] byTokens = new Integer[held.size()];
      Integer[] concurrency = new Integer[held.size()];
      for (int i = 0; i < held.size(); i++) {
        QueueConfig.Limit typeLimit = limits.get(held.get(i));
        byTokens[i] =
            typeLimit.perSecond().isPresent()
                ? (int) Math.min(limit, Math.floor(tokens.get(held.get(i))))
                : limit;
        if (typeLimit.concurrency().isPresent()) {
          // a consumer runs its batch's messages one after another: taking several of a
          // concurrency-limited type would hold slots it cannot use, so N would not mean N at once
          byTokens[i] = Math.min(byTokens[i], 1);
        }
        concurrency[i] =
            typeLimit.concurrency().isPresent() ? typeLimit.concurrency().getAsInt() : null;
      }
      Map<String, Integer> taken = new HashMap<>();
      try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
        statement.setString(1, queue);
        statement.setArray(2, connection.createArrayOf("text", held.toArray()));
        statement.setArray(3, connection.createArrayOf("int4", byTokens));
        statement.setArray(4, connection.createArrayOf("int4", concurrency));
        statement.setString(5, queue);
        statement.setArray(6, connection.createArrayOf("text", types.toArray()));
        statement.setInt(7, limit);
        statement.setString(8, queue);
        statement.setInt(9, limit);
        statement.setLong(10, maxBytes);
        statement.setObject(11, token);
        statement.setDouble(12, QueueStore.seconds(lease));
        try (ResultSet resultSet = statement.executeQuery()) {
          for (Message message : rows.read(resultSet)) {
            taken.merge(message.type(), 1, Integer::sum);
          }
        }
      }
      spend(held, tokens, taken);
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(e);
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /** Locks the limits' rows it can; answers each held type's tokens, refilled to now. */
  private Map<String, Double> lock(List<String> types) throws SQLException {
    Map<String, Double> tokens = new HashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(LOCK)) {
      statement.setString(1, queue);
      statement.setArray(2, connection.createArrayOf("text", types.toArray()));
      statement.setString(3, queue);
      statement.setArray(4, connection.createArrayOf("text", types.toArray()));
      try (ResultSet resultSet = statement.executeQuery()) {
        while (resultSet.next()) {
          QueueConfig.Limit limit = limits.get(resultSet.getString(1));
          tokens.put(
              resultSet.getString(1),
              limit.refilled(resultSet.getDouble(2), resultSet.getDouble(3)));
        }
      }
    }
    return tokens;
  }

  private void spend(List<String> held, Map<String, Double> tokens, Map<String, Integer> taken)
      throws SQLException {
    List<String> rated = new ArrayList<>();
    List<Double> left = new ArrayList<>();
    for (String type : held) {
      if (limits.get(type).perSecond().isPresent()) {
        rated.add(type);
        left.add(Math.max(0, tokens.get(type) - taken.getOrDefault(type, 0)));
      }
    }
    if (rated.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(SPEND)) {
      statement.setArray(1, connection.createArrayOf("text", rated.toArray()));
      statement.setArray(2, connection.createArrayOf("float8", left.toArray()));
      statement.setString(3, queue);
      statement.executeUpdate();
    }
  }

  private void rollbackQuietly(Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
