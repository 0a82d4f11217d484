package org.scheduler.app.quartz;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/** The SQL of the applied jobs.yaml versions (see sql/V5__conf_versions.sql). */
public final class ConfVersions {
  private static final String LATEST =
      "SELECT content_hash, applied_at, node FROM conf_versions ORDER BY id DESC LIMIT 1";
  // 1 content_hash, 2 node
  private static final String INSERT =
      "INSERT INTO conf_versions (content_hash, node) VALUES (?, ?)";

  private final DataSource dataSource;

  @Inject
  public ConfVersions(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  /** A version of jobs.yaml that the cluster's schedule was made from. */
  public record Version(String contentHash, Instant appliedAt, String node) {}

  public Optional<Version> latest() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(LATEST);
        ResultSet resultSet = statement.executeQuery()) {
      return resultSet.next()
          ? Optional.of(
              new Version(
                  resultSet.getString(1),
                  resultSet.getTimestamp(2).toInstant(),
                  resultSet.getString(3)))
          : Optional.empty();
    }
  }

  public void record(String contentHash, String node) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(INSERT)) {
      statement.setString(1, contentHash);
      statement.setString(2, node);
      statement.executeUpdate();
    }
  }
}
