package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.scheduler.api.Progress;

/** Browsing a queue's live messages by state, with the progress their handlers reported. */
public final class PendingMessages {
  /** The states a live message can be in. */
  public enum State {
    READY,
    DELAYED,
    CLAIMED;

    public String sqlName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  // 1 queue, 2 state, 3 after this id, 4 limit; a page in id order
  private static final String LIST =
      "SELECT id, type, payload::text, priority, attempts, max_attempts, dedupe_key, run_at,"
          + " lease_until, last_error, enqueued_at, progress, progress_step, progress_at"
          + " FROM queue_messages WHERE queue = ? AND state = ? AND id > ? ORDER BY id LIMIT ?";

  /** A live message as listed; {@code progress} as its handler last reported it. */
  public record PendingMessage(
      long id,
      String type,
      String payload,
      int priority,
      int attempts,
      Optional<Integer> maxAttempts,
      String dedupeKey,
      Instant runAt,
      Optional<Instant> leaseUntil,
      String lastError,
      Instant enqueuedAt,
      Optional<Progress> progress,
      Optional<Instant> progressAt) {}

  private final DataSource dataSource;

  @Inject
  public PendingMessages(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  public List<PendingMessage> list(String queue, State state, long afterId, int limit)
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(LIST)) {
      statement.setString(1, queue);
      statement.setString(2, state.sqlName());
      statement.setLong(3, afterId);
      statement.setInt(4, limit);
      try (ResultSet row = statement.executeQuery()) {
        List<PendingMessage> messages = new ArrayList<>();
        while (row.next()) {
          int maxAttempts = row.getInt(6);
          Optional<Integer> messageMaxAttempts =
              row.wasNull() ? Optional.empty() : Optional.of(maxAttempts);
          float fraction = row.getFloat(12);
          Optional<Progress> progress =
              row.wasNull()
                  ? Optional.empty()
                  : Optional.of(new Progress(fraction, String.valueOf(row.getString(13))));
          messages.add(
              new PendingMessage(
                  row.getLong(1),
                  row.getString(2),
                  row.getString(3),
                  row.getInt(4),
                  row.getInt(5),
                  messageMaxAttempts,
                  row.getString(7),
                  row.getTimestamp(8).toInstant(),
                  instant(row.getTimestamp(9)),
                  row.getString(10),
                  row.getTimestamp(11).toInstant(),
                  progress,
                  instant(row.getTimestamp(14))));
        }
        return messages;
      }
    }
  }

  private static Optional<Instant> instant(Timestamp timestamp) {
    return Optional.ofNullable(timestamp).map(Timestamp::toInstant);
  }
}
