package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The node's ear on the database: one connection that LISTENs on the queue's channel and hands each
 * notice to {@link QueueWakeups}. Enqueue statements notify through a trigger (migration V7),
 * promotion, reclaim and release in their own statements; the payload is the queue that has
 * claimable messages, or {@link #DELAYED}. A lost connection is opened again, and then every loop
 * looks once, since notices sent meanwhile are gone; polling stays the fallback throughout.
 */
final class QueueNotices {
  static final String CHANNEL = "queue_messages";
  static final String DELAYED = ":delayed";

  /** How long one step waits for notices; also how long a stop waits for the listener. */
  static final Duration WAIT = Duration.ofMillis(500);

  // a connection that went away without a reset is found by a query this often
  private static final long CHECK_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

  private final DataSource dataSource;
  private final QueueWakeups wakeups;
  private volatile Connection connection;
  private long lastHeard;

  QueueNotices(DataSource dataSource, QueueWakeups wakeups) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.wakeups = requireNonNull(wakeups, "wakeups is null");
  }

  /** One step of the listener's loop: waits up to {@link #WAIT} for notices, hands them on. */
  boolean listen(BooleanSupplier running) throws SQLException {
    try {
      if (connection == null) {
        open();
      }
      PGNotification[] notices =
          connection.unwrap(PGConnection.class).getNotifications((int) WAIT.toMillis());
      long now = System.nanoTime();
      if (notices != null && notices.length > 0) {
        lastHeard = now;
        for (PGNotification notice : notices) {
          if (DELAYED.equals(notice.getParameter())) {
            wakeups.delayedAdded();
          } else {
            wakeups.arrived(notice.getParameter());
          }
        }
      } else if (now - lastHeard > CHECK_EVERY_NANOS) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("SELECT 1");
        }
        lastHeard = now;
      }
      return true;
    } catch (SQLException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void open() throws SQLException {
    Connection opened = dataSource.getConnection();
    try (Statement statement = opened.createStatement()) {
      statement.execute("LISTEN " + CHANNEL);
    } catch (SQLException e) {
      opened.close();
      throw e;
    }
    connection = opened;
    lastHeard = System.nanoTime();
    wakeups.all();
  }

  /**
   * Gives the connection back to the pool, no longer listening: a pooled connection that still
   * listened would gather notices in its driver for whoever borrows it next, without end.
   */
  void close() {
    Connection held = connection;
    connection = null;
    if (held != null) {
      try (held;
          Statement statement = held.createStatement()) {
        statement.execute("UNLISTEN *");
      } catch (SQLException e) {
        // a broken connection, which the pool discards
      }
    }
  }
}
