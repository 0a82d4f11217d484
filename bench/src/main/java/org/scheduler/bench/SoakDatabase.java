package org.scheduler.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.scheduler.db.EmbeddedPostgresServer;

/** What the soak reads back from the cluster's database at the end. */
final class SoakDatabase {
  private final EmbeddedPostgresServer server;

  SoakDatabase(EmbeddedPostgresServer server) {
    this.server = server;
  }

  long dead() throws SQLException {
    return count("SELECT count(*) FROM queue_dead WHERE queue = 'soak'");
  }

  long pending() throws SQLException {
    return count("SELECT count(*) FROM queue_messages WHERE queue = 'soak'");
  }

  /** Seconds from the first to the last slot of the every-second job, both included. */
  long slotsExpected() throws SQLException {
    return count(
        "SELECT coalesce(extract(epoch FROM max(scheduled_at) - min(scheduled_at))::bigint + 1, 0)"
            + " FROM job_runs WHERE job_name = 'tick'");
  }

  long slotsRun() throws SQLException {
    return count(
        "SELECT count(DISTINCT scheduled_at) FROM job_runs WHERE job_name = 'tick'"
            + " AND outcome <> 'MISFIRED'");
  }

  long slotsRunTwice() throws SQLException {
    return count(
        "SELECT count(*) FROM (SELECT scheduled_at FROM job_runs WHERE job_name = 'tick'"
            + " AND outcome <> 'MISFIRED' GROUP BY 1 HAVING count(*) > 1) twice");
  }

  long recoveringRuns() throws SQLException {
    return count("SELECT count(*) FROM job_runs WHERE recovering");
  }

  private long count(String sql) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), "");
        Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(sql)) {
      resultSet.next();
      return resultSet.getLong(1);
    }
  }
}
