package org.scheduler.app.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A PostgreSQL session advisory lock held on a connection of its own for as long as this object is
 * open. If the node dies, PostgreSQL releases it with the connection.
 */
public final class AdvisoryLock implements AutoCloseable {
  private final Connection connection;
  private final long key;

  private AdvisoryLock(Connection connection, long key) {
    this.connection = connection;
    this.key = key;
  }

  /** Waits at most {@code timeout} for the lock. */
  public static AdvisoryLock acquire(DataSource dataSource, long key, Duration timeout)
      throws SQLException {
    Connection connection = dataSource.getConnection();
    try {
      connection.setAutoCommit(true);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET statement_timeout = " + timeout.toMillis());
      }
      try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
        lock.setLong(1, key);
        lock.execute();
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("RESET statement_timeout");
      }
      return new AdvisoryLock(connection, key);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  @Override
  public void close() throws SQLException {
    try (connection;
        PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
      unlock.setLong(1, key);
      unlock.execute();
    }
  }
}
