package org.scheduler.app.quartz;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Quartz's PostgreSQL delegate, with check-in times taken from the database's clock instead of the
 * checking-in node's. Nodes are judged dead by how old their check-in is; with every check-in on
 * one clock, a node whose own clock runs behind is not taken for dead, and one whose clock runs
 * ahead is not kept alive after it died.
 */
public class DatabaseClockDelegate extends BatchFiringDelegate {
  /** The database's time in milliseconds, as Quartz stores check-ins. */
  static final String NOW_MILLIS = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint";

  // 1 instance_name
  private static final String UPDATE_CHECK_IN =
      "UPDATE {0}SCHEDULER_STATE SET LAST_CHECKIN_TIME = "
          + NOW_MILLIS
          + " WHERE SCHED_NAME = {1} AND INSTANCE_NAME = ?";

  // 1 instance_name, 2 checkin_interval
  private static final String INSERT_CHECK_IN =
      "INSERT INTO {0}SCHEDULER_STATE (SCHED_NAME, INSTANCE_NAME, LAST_CHECKIN_TIME,"
          + " CHECKIN_INTERVAL) VALUES ({1}, ?, "
          + NOW_MILLIS
          + ", ?)";

  @Override
  public int updateSchedulerState(Connection conn, String instanceId, long jvmTime)
      throws SQLException {
    try (PreparedStatement statement = conn.prepareStatement(rtp(UPDATE_CHECK_IN))) {
      statement.setString(1, instanceId);
      return statement.executeUpdate();
    }
  }

  @Override
  public int insertSchedulerState(
      Connection conn, String instanceId, long jvmTime, long checkInInterval) throws SQLException {
    try (PreparedStatement statement = conn.prepareStatement(rtp(INSERT_CHECK_IN))) {
      statement.setString(1, instanceId);
      statement.setLong(2, checkInInterval);
      return statement.executeUpdate();
    }
  }
}
