package org.scheduler.app.cli;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.scheduler.app.database.DatabaseConfig;

/**
 * A small pool for commands that work on a running cluster's database ({@code enqueue}, {@code
 * queue stats}). They never start the embedded server: with the embedded database they need a node
 * running on this machine.
 */
final class CliDatabase {
  private CliDatabase() {}

  static HikariDataSource open(DatabaseConfig config) throws SQLException {
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setPoolName("cli");
    dataSource.setJdbcUrl(config.jdbcUrl());
    dataSource.setUsername(config.user());
    config.password().ifPresent(dataSource::setPassword);
    dataSource.setMaximumPoolSize(2);
    dataSource.setConnectionTimeout(5_000);
    dataSource.setInitializationFailTimeout(-1);
    try (Connection connection = dataSource.getConnection()) {
      return dataSource;
    } catch (SQLException e) {
      dataSource.close();
      throw new SQLException(
          config.isEmbedded()
              ? "cannot reach the embedded PostgreSQL on port "
                  + config.embedded().port()
                  + ": start a node with 'serve' first, or set database.url ("
                  + e.getMessage()
                  + ")"
              : "cannot reach the database: " + e.getMessage(),
          e);
    }
  }
}
