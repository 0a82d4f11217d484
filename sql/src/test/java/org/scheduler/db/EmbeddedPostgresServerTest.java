package org.scheduler.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

class EmbeddedPostgresServerTest {
  @TempDir Path dataDirectory;

  @Test
  void dataSurvivesAStopAndRestartOnTheSameDirectory() throws Exception {
    int port = freePort();
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory, port)) {
      assertThat(server.port()).isEqualTo(port);
      execute(
          server, "CREATE TABLE kept (value TEXT)", "INSERT INTO kept VALUES ('before restart')");
    }
    assertThat(dataDirectory.resolve("PG_VERSION")).exists();
    assertThatThrownBy(() -> query(jdbcUrl(port), "SELECT 1")).isInstanceOf(SQLException.class);

    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory, port)) {
      assertThat(query(server.jdbcUrl("postgres"), "SELECT value FROM kept"))
          .isEqualTo("before restart");
    }
  }

  @Test
  void stopIsSafeToCallTwice() {
    EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory, 0);
    server.close();
    server.close();
    assertThatThrownBy(() -> query(server.jdbcUrl("postgres"), "SELECT 1"))
        .isInstanceOf(SQLException.class);
  }

  @Test
  void migrationsApplyOnceAndLeaveNothingPending() throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory, 0)) {
      PGSimpleDataSource dataSource = new PGSimpleDataSource();
      dataSource.setUrl(server.jdbcUrl("postgres"));
      dataSource.setUser(server.user());
      SchemaMigrator migrator = new SchemaMigrator(dataSource);
      assertThat(migrator.pendingCount()).isPositive();
      assertThat(migrator.migrate()).isPositive();
      assertThat(migrator.migrate()).isZero();
      assertThat(migrator.pendingCount()).isZero();
      assertThat(query(server.jdbcUrl("postgres"), "SELECT count(*) FROM qrtz_locks"))
          .isEqualTo("0");
    }
  }

  private static void execute(EmbeddedPostgresServer server, String... sql) throws SQLException {
    try (Connection connection = connect(server.jdbcUrl("postgres"));
        Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    }
  }

  private static String query(String url, String sql) throws SQLException {
    try (Connection connection = connect(url);
        Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(sql)) {
      resultSet.next();
      return resultSet.getString(1);
    }
  }

  private static Connection connect(String url) throws SQLException {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(url);
    dataSource.setUser("postgres");
    dataSource.setConnectTimeout(2);
    return dataSource.getConnection();
  }

  private static String jdbcUrl(int port) {
    return "jdbc:postgresql://localhost:" + port + "/postgres";
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
