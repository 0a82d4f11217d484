package org.scheduler.app.database;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

/**
 * Ready while the database answers {@code SELECT 1} within two seconds. It opens a connection of
 * its own rather than borrowing from the pool, whose callers wait up to {@code
 * database.connectionTimeout} when the database is away: a load balancer's probe must be answered
 * quickly either way. The answer is reused for a second, so probes never load the database.
 */
public final class DatabaseReadinessCheck implements org.scheduler.app.health.ReadinessCheck {
  private static final int TIMEOUT_SECONDS = 2;
  private static final long CACHE_NANOS = 1_000_000_000L;

  private final DatabaseConfig config;
  private Optional<String> lastProblem = Optional.empty();
  private long checkedAt = Long.MIN_VALUE;

  @Inject
  public DatabaseReadinessCheck(DatabaseConfig config) {
    this.config = requireNonNull(config, "config is null");
  }

  @Override
  public String name() {
    return "database";
  }

  @Override
  public synchronized Optional<String> problem() {
    long now = System.nanoTime();
    if (checkedAt != Long.MIN_VALUE && now - checkedAt < CACHE_NANOS) {
      return lastProblem;
    }
    lastProblem = probe();
    checkedAt = System.nanoTime();
    return lastProblem;
  }

  private Optional<String> probe() {
    Properties properties = new Properties();
    properties.setProperty("user", config.user());
    config.password().ifPresent(password -> properties.setProperty("password", password));
    properties.setProperty("connectTimeout", Integer.toString(TIMEOUT_SECONDS));
    properties.setProperty("socketTimeout", Integer.toString(TIMEOUT_SECONDS));
    properties.setProperty("loginTimeout", Integer.toString(TIMEOUT_SECONDS));
    properties.setProperty("ApplicationName", "scheduler-readiness");
    try (Connection connection = DriverManager.getConnection(config.jdbcUrl(), properties);
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.of("database unreachable: " + e.getMessage());
    }
  }
}
