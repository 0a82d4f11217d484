package org.scheduler.app.quartz;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The cluster's nodes as Quartz records them in {@code qrtz_scheduler_state}. */
public final class ClusterNodes {
  // 1 sched_name; staleness is judged on the database clock, which every node shares
  private static final String SELECT_NODES =
      "SELECT instance_name, last_checkin_time, checkin_interval,"
          + " (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now_millis"
          + " FROM qrtz_scheduler_state WHERE sched_name = ? ORDER BY instance_name";

  private final DataSource dataSource;

  @Inject
  public ClusterNodes(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  /** A node; {@code alive} while it checked in within twice its interval. */
  public record Node(String id, Instant lastCheckIn, Duration checkInInterval, boolean alive) {}

  public List<Node> list() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(SELECT_NODES)) {
      statement.setString(1, QuartzSchedulerFactory.CLUSTER_NAME);
      try (ResultSet resultSet = statement.executeQuery()) {
        List<Node> nodes = new ArrayList<>();
        while (resultSet.next()) {
          long lastCheckIn = resultSet.getLong("last_checkin_time");
          long interval = resultSet.getLong("checkin_interval");
          long now = resultSet.getLong("now_millis");
          nodes.add(
              new Node(
                  resultSet.getString("instance_name"),
                  Instant.ofEpochMilli(lastCheckIn),
                  Duration.ofMillis(interval),
                  now - lastCheckIn <= 2 * interval));
        }
        return nodes;
      }
    }
  }
}
