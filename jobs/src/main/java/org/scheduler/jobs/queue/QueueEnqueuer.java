package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.scheduler.api.Enqueuer;
import org.scheduler.api.InvalidMessageException;
import org.scheduler.api.NewMessage;

/**
 * Puts messages on queues: one, or many in one statement. Everything is checked before any SQL
 * runs, so a bad message in a bulk enqueue stores nothing. A message whose dedupe key is already
 * pending on its queue is not stored again; its enqueue returns the pending message's id.
 */
public final class QueueEnqueuer implements Enqueuer {
  private static final Duration MAX_DELAY = Duration.ofDays(365);

  // 1 queue, then arrays: 2 type, 3 payload, 4 priority, 5 delay seconds, 6 dedupe key,
  // 7 max attempts. unnest reads arrays in order and rows are inserted as read, so RETURNING
  // comes back in input order.
  private static final String INSERT =
      "INSERT INTO queue_messages (queue, type, payload, priority, state, run_at, dedupe_key,"
          + " max_attempts, payload_bytes) SELECT ?, t.type, t.payload::jsonb, t.priority,"
          + " CASE WHEN t.delay > 0 THEN 'delayed' ELSE 'ready' END,"
          + " now() + make_interval(secs => t.delay), t.dedupe_key, t.max_attempts,"
          + " octet_length(t.payload)"
          + " FROM unnest(?::text[], ?::text[], ?::int[], ?::float8[], ?::text[], ?::int[])"
          + " AS t(type, payload, priority, delay, dedupe_key, max_attempts)";
  // Speculative insertion costs on every row, so only batches with dedupe keys pay for it.
  private static final String INSERT_DEDUPED =
      INSERT
          + " ON CONFLICT (queue, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING"
          + " RETURNING id, dedupe_key";
  private static final String INSERT_PLAIN = INSERT + " RETURNING id, dedupe_key";
  // 1 queue, 2 dedupe keys
  private static final String PENDING_BY_KEY =
      "SELECT dedupe_key, id FROM queue_messages WHERE queue = ? AND dedupe_key = ANY(?)";

  private static final ObjectMapper json = new ObjectMapper();

  private final DataSource dataSource;
  private final QueuesConfig queues;

  /** The insert notifies every node's consumers at commit (migration V7; {@link QueueNotices}). */
  @Inject
  public QueueEnqueuer(DataSource dataSource, QueuesConfig queues) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.queues = requireNonNull(queues, "queues is null");
  }

  @Override
  public long enqueue(String queue, NewMessage message) throws SQLException {
    return enqueueAll(queue, List.of(message)).get(0);
  }

  @Override
  public List<Long> enqueueAll(String queue, List<NewMessage> messages) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return enqueueAll(connection, queue, messages);
    }
  }

  @Override
  public List<Long> enqueueAll(Connection connection, String queue, List<NewMessage> messages)
      throws SQLException {
    QueueConfig config = queues.require(queue);
    if (messages.isEmpty()) {
      return List.of();
    }
    if (messages.size() > MAX_BULK) {
      throw new InvalidMessageException(
          "messages", "at most " + MAX_BULK + " per request, got " + messages.size());
    }
    for (int i = 0; i < messages.size(); i++) {
      validate(messages.get(i), config, messages.size() == 1 ? "" : "[" + i + "].");
    }
    for (int attempt = 0; ; attempt++) {
      List<Long> ids = insert(connection, queue, messages);
      if (!ids.contains(null)) {
        return ids;
      }
      // a pending duplicate was acked between the insert and the look-up: insert again
      if (attempt == 2) {
        throw new SQLException("dedupe keys kept changing while enqueueing; try again");
      }
    }
  }

  private static List<Long> insert(Connection connection, String queue, List<NewMessage> messages)
      throws SQLException {
    int size = messages.size();
    Object[] types = new Object[size];
    Object[] payloads = new Object[size];
    Object[] priorities = new Object[size];
    Object[] delays = new Object[size];
    Object[] keys = new Object[size];
    Object[] maxAttempts = new Object[size];
    boolean deduped = false;
    for (int i = 0; i < size; i++) {
      NewMessage message = messages.get(i);
      types[i] = message.type();
      payloads[i] = message.payload();
      priorities[i] = message.priority();
      delays[i] = QueueStore.seconds(message.delay());
      keys[i] = message.dedupeKey().orElse(null);
      deduped |= keys[i] != null;
      maxAttempts[i] = message.maxAttempts().orElse(null);
    }
    List<Long> ids = new ArrayList<>(size);
    List<Object[]> inserted = new ArrayList<>(size);
    try (PreparedStatement statement =
        connection.prepareStatement(deduped ? INSERT_DEDUPED : INSERT_PLAIN)) {
      statement.setString(1, queue);
      statement.setArray(2, connection.createArrayOf("text", types));
      statement.setArray(3, connection.createArrayOf("text", payloads));
      statement.setArray(4, connection.createArrayOf("int4", priorities));
      statement.setArray(5, connection.createArrayOf("float8", delays));
      statement.setArray(6, connection.createArrayOf("text", keys));
      statement.setArray(7, connection.createArrayOf("int4", maxAttempts));
      try (ResultSet resultSet = statement.executeQuery()) {
        while (resultSet.next()) {
          inserted.add(new Object[] {resultSet.getLong(1), resultSet.getString(2)});
        }
      }
    }
    int next = 0;
    List<String> skipped = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      if (next < inserted.size() && Objects.equals(inserted.get(next)[1], keys[i])) {
        ids.add((Long) inserted.get(next++)[0]);
      } else {
        ids.add(null);
        skipped.add((String) keys[i]);
      }
    }
    if (!skipped.isEmpty()) {
      Map<String, Long> pending = pendingByKey(connection, queue, skipped);
      for (int i = 0; i < size; i++) {
        if (ids.get(i) == null) {
          ids.set(i, pending.get((String) keys[i]));
        }
      }
    }
    return ids;
  }

  private static Map<String, Long> pendingByKey(
      Connection connection, String queue, List<String> keys) throws SQLException {
    Map<String, Long> pending = new HashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(PENDING_BY_KEY)) {
      statement.setString(1, queue);
      statement.setArray(2, connection.createArrayOf("text", keys.toArray()));
      try (ResultSet resultSet = statement.executeQuery()) {
        while (resultSet.next()) {
          pending.put(resultSet.getString(1), resultSet.getLong(2));
        }
      }
    }
    return pending;
  }

  private static void validate(NewMessage message, QueueConfig config, String prefix) {
    if (!QueueNames.isValidType(message.type())) {
      throw new InvalidMessageException(prefix + "type", QueueNames.typeRule());
    }
    int bytes = message.payload().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > config.maxPayloadBytes()) {
      throw new InvalidMessageException(
          prefix + "payload",
          bytes + " bytes is more than the queue's limit of " + config.maxPayloadBytes());
    }
    requireJson(message.payload(), prefix + "payload");
    message
        .dedupeKey()
        .filter(key -> !QueueNames.isValidDedupeKey(key))
        .ifPresent(
            key -> {
              throw new InvalidMessageException(prefix + "dedupeKey", QueueNames.dedupeKeyRule());
            });
    if (message.delay().isNegative() || message.delay().compareTo(MAX_DELAY) > 0) {
      throw new InvalidMessageException(prefix + "delay", "must be from PT0S to " + MAX_DELAY);
    }
    message
        .maxAttempts()
        .filter(attempts -> attempts < 1 || attempts > 1000)
        .ifPresent(
            attempts -> {
              throw new InvalidMessageException(prefix + "maxAttempts", "must be from 1 to 1000");
            });
  }

  /** One JSON value and nothing after it; PostgreSQL's jsonb accepts the same texts. */
  static void requireJson(String payload, String field) {
    try (JsonParser parser = json.createParser(payload)) {
      if (parser.nextToken() == null) {
        throw new InvalidMessageException(field, "is empty; expected JSON");
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        throw new InvalidMessageException(field, "has content after the JSON value");
      }
      if (payload.contains("\\u0000")) {
        throw new InvalidMessageException(field, "contains \\u0000, which PostgreSQL cannot store");
      }
    } catch (JsonProcessingException e) {
      throw new InvalidMessageException(field, "is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidMessageException(field, "is not valid JSON: " + e.getMessage());
    }
  }
}
