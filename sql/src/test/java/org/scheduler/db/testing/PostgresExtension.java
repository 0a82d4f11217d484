package org.scheduler.db.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;
import org.scheduler.db.EmbeddedPostgresServer;
import org.scheduler.db.SchemaMigrator;

/**
 * One embedded PostgreSQL server per test JVM, and a fresh database per test class with the
 * server's own migrations applied. Register it as a static field:
 *
 * <pre>
 * {@code @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();}
 * </pre>
 */
public final class PostgresExtension implements BeforeAllCallback {
  private static final AtomicInteger databaseCounter = new AtomicInteger();
  private static EmbeddedPostgresServer server;

  private final boolean migrate;
  private String database;

  public PostgresExtension() {
    this(true);
  }

  private PostgresExtension(boolean migrate) {
    this.migrate = migrate;
  }

  /** A fresh database without the schema, for tests of migration itself. */
  public static PostgresExtension withoutSchema() {
    return new PostgresExtension(false);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    String className = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT);
    database =
        "t" + databaseCounter.incrementAndGet() + "_" + className.replaceAll("[^a-z0-9]", "_");
    if (database.length() > 60) {
      database = database.substring(0, 60);
    }
    try (Connection connection = adminDataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + database);
      statement.execute("CREATE DATABASE " + database);
    }
    if (migrate) {
      new SchemaMigrator(dataSource()).migrate();
    }
  }

  /** The JDBC URL of this test class's database. */
  public String jdbcUrl() {
    return server().jdbcUrl(database());
  }

  public String user() {
    return server().user();
  }

  public DataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(jdbcUrl());
    dataSource.setUser(user());
    return dataSource;
  }

  public String database() {
    if (database == null) {
      throw new IllegalStateException("register PostgresExtension as a static @RegisterExtension");
    }
    return database;
  }

  /** Runs statements on this class's database, for arranging and inspecting tables. */
  public void execute(String... sql) {
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of the first row of {@code sql}, as a number. */
  public long queryLong(String sql) {
    return Long.parseLong(queryString(sql));
  }

  /** The first column of the first row of {@code sql}, as text ("null" for SQL NULL). */
  public String queryString(String sql) {
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(sql)) {
      if (!resultSet.next()) {
        throw new IllegalStateException("no row: " + sql);
      }
      return String.valueOf(resultSet.getString(1));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static DataSource adminDataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(server().jdbcUrl("postgres"));
    dataSource.setUser(server().user());
    return dataSource;
  }

  public static synchronized EmbeddedPostgresServer server() {
    if (server == null) {
      try {
        Path dataDirectory = Files.createTempDirectory("scheduler-test-pg");
        server = EmbeddedPostgresServer.start(dataDirectory, 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      EmbeddedPostgresServer started = server;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-postgres-stop"));
    }
    return server;
  }
}
