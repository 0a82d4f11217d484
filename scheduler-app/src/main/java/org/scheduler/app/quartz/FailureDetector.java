package org.scheduler.app.quartz;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.quartz.JobPersistenceException;

/**
 * Decides when another node is dead, for {@link ClusterJobStore}. A node is dead once it has been
 * silent for the failure timeout, on the database's clock (every check-in is stamped with it, see
 * {@link DatabaseClockDelegate}), but never for a silence the database caused: the timeout counts
 * from the latest of the node's last check-in, the database server's start (a restart broke every
 * node's connections) and this node's own return after it could not check in for half the timeout
 * (a failover or a network cut: nobody could).
 */
final class FailureDetector {
  private static final String SELECT_DATABASE_CLOCK =
      "SELECT "
          + DatabaseClockDelegate.NOW_MILLIS
          + ", (extract(epoch FROM pg_postmaster_start_time()) * 1000)::bigint";

  private volatile long failureTimeout = 7500;
  private volatile long lastSuccessfulCheckIn = System.currentTimeMillis();
  private volatile long backSince = System.currentTimeMillis();
  private volatile long databaseClockOffset;
  private volatile long databaseStartedAt;

  void setFailureTimeout(long millis) {
    this.failureTimeout = millis;
  }

  long failureTimeout() {
    return failureTimeout;
  }

  /** Before this node checks in on {@code conn}: notes a return from silence, reads the clock. */
  void beforeCheckIn(Connection conn) throws JobPersistenceException {
    long now = System.currentTimeMillis();
    if (now - lastSuccessfulCheckIn > failureTimeout / 2) {
      backSince = now;
    }
    try (PreparedStatement statement = conn.prepareStatement(SELECT_DATABASE_CLOCK);
        ResultSet resultSet = statement.executeQuery()) {
      resultSet.next();
      databaseClockOffset = now - resultSet.getLong(1);
      databaseStartedAt = resultSet.getLong(2);
    } catch (SQLException e) {
      throw new JobPersistenceException("cannot read the database clock: " + e.getMessage(), e);
    }
  }

  void checkedIn() {
    lastSuccessfulCheckIn = System.currentTimeMillis();
  }

  /** When a node that last checked in at {@code lastCheckIn} (database clock) is dead, JVM time. */
  long failedIfAfter(long lastCheckIn) {
    long lastSeen = lastCheckIn + databaseClockOffset;
    long databaseStarted = databaseStartedAt + databaseClockOffset;
    return Math.max(Math.max(lastSeen, databaseStarted), backSince) + failureTimeout;
  }
}
