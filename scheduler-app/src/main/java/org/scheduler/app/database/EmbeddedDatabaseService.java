package org.scheduler.app.database;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.ds.PGSimpleDataSource;
import org.scheduler.app.lifecycle.Service;
import org.scheduler.db.EmbeddedPostgresServer;

/**
 * Starts the embedded PostgreSQL server when no external database is configured, and creates the
 * node's database in it on first use. With an external database it starts nothing.
 */
public final class EmbeddedDatabaseService implements Service {
  private final DatabaseConfig config;
  private EmbeddedPostgresServer server;

  @Inject
  public EmbeddedDatabaseService(DatabaseConfig config) {
    this.config = requireNonNull(config, "config is null");
  }

  @Override
  public Phase phase() {
    return Phase.DATABASE_SERVER;
  }

  @Override
  public synchronized void start() throws SQLException {
    if (!config.isEmbedded()) {
      return;
    }
    DatabaseConfig.Embedded embedded = config.embedded();
    server = EmbeddedPostgresServer.start(embedded.dataDirectory(), embedded.port());
    createDatabaseIfMissing(embedded.database());
  }

  private void createDatabaseIfMissing(String database) throws SQLException {
    PGSimpleDataSource admin = new PGSimpleDataSource();
    admin.setUrl(server.jdbcUrl("postgres"));
    admin.setUser(server.user());
    try (Connection connection = admin.getConnection();
        PreparedStatement exists =
            connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, database);
      try (ResultSet resultSet = exists.executeQuery()) {
        if (resultSet.next()) {
          return;
        }
      }
      try (Statement create = connection.createStatement()) {
        // the name is validated by DatabaseConfig: lower-case letters, digits and '_'
        create.execute("CREATE DATABASE " + database);
      }
    }
  }

  @Override
  public synchronized void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }
}
