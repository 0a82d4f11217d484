package org.scheduler.app.database;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.scheduler.app.health.ReadinessCheck;

/** Ready while a pooled connection answers within two seconds. */
public final class DatabaseReadinessCheck implements ReadinessCheck {
  private static final int TIMEOUT_SECONDS = 2;

  private final DataSource dataSource;

  @Inject
  public DatabaseReadinessCheck(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  @Override
  public String name() {
    return "database";
  }

  @Override
  public Optional<String> problem() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(TIMEOUT_SECONDS)
          ? Optional.empty()
          : Optional.of("database did not answer within " + TIMEOUT_SECONDS + " s");
    } catch (SQLException e) {
      return Optional.of("database unreachable: " + e.getMessage());
    }
  }
}
