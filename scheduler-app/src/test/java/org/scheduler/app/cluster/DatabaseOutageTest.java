package org.scheduler.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.scheduler.app.testing.Http;
import org.scheduler.app.testing.NodeProcess;
import org.scheduler.db.EmbeddedPostgresServer;

/**
 * PostgreSQL stopped for 30 s under a running node, then started again: the node reports not ready
 * meanwhile and recovers by itself; its queue and its triggers resume and nothing is lost.
 */
@Tag("cluster")
class DatabaseOutageTest {
  @TempDir Path work;

  @Test
  void aNodeRidesOutAThirtySecondDatabaseOutage() throws Exception {
    Path data = work.resolve("pg");
    int port = NodeProcess.freePort();
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data, port);
    EmbeddedPostgresServer[] restarted = new EmbeddedPostgresServer[1];
    try {
      NodeProcess node =
          NodeProcess.start(
              "outage",
              work,
              postgres.jdbcUrl("postgres"),
              "jobs:\n  - name: tick\n    type: noop\n    every: PT1S\n",
              "queues:\n  work:\n    concurrency: 2\n    pollInterval: PT0.1S\n");
      try (node) {
        Http http = node.http();
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(500))
            .until(node::isReady);
        // the test handler's table, once the node has migrated the (empty) database
        execute(postgres, "CREATE TABLE handled (id BIGINT NOT NULL, node TEXT NOT NULL)");
        assertThat(http.post("/api/queues/work/messages", messages(100)).status()).isEqualTo(201);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> count(postgres, "SELECT count(*) FROM queue_history") == 100);

        postgres.close();
        Instant stopped = Instant.now();
        await("not ready without the database")
            .atMost(Duration.ofSeconds(20))
            .until(() -> http.get("/health/ready").status() == 503);
        assertThat(http.get("/health/ready").body().path("checks").path("database").asText())
            .startsWith("database unreachable");
        await("30 s of outage")
            .atMost(Duration.ofSeconds(40))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () ->
                    Duration.between(stopped, Instant.now()).toSeconds() >= 30
                        && http.get("/health/live").status() == 200);

        restarted[0] = EmbeddedPostgresServer.start(data, port);
        EmbeddedPostgresServer restartedServer = restarted[0];
        await("ready again").atMost(Duration.ofSeconds(60)).until(node::isReady);
        Instant resumedAt = Instant.now();
        assertThat(http.post("/api/queues/work/messages", messages(100)).status()).isEqualTo(201);

        await("queue resumes")
            .atMost(Duration.ofSeconds(60))
            .until(() -> count(restartedServer, "SELECT count(*) FROM queue_history") == 200);
        assertThat(count(restartedServer, "SELECT count(DISTINCT id) FROM queue_history"))
            .isEqualTo(200);
        assertThat(count(restartedServer, "SELECT count(*) FROM queue_messages")).isZero();
        await("triggers resume")
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    count(
                            restartedServer,
                            "SELECT count(*) FROM job_runs WHERE job_name = 'tick' AND outcome = 'SUCCEEDED'"
                                + " AND started_at > '"
                                + resumedAt
                                + "'")
                        >= 3);
      }
    } finally {
      postgres.close();
      if (restarted[0] != null) {
        restarted[0].close();
      }
    }
  }

  private static String messages(int count) {
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      body.append(i == 0 ? "" : ",").append("{\"type\":\"record\",\"payload\":{}}");
    }
    return body.append("]").toString();
  }

  private static void execute(EmbeddedPostgresServer server, String sql) throws SQLException {
    try (Connection connection = connect(server);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static long count(EmbeddedPostgresServer server, String sql) throws SQLException {
    try (Connection connection = connect(server);
        Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(sql)) {
      resultSet.next();
      return resultSet.getLong(1);
    }
  }

  private static Connection connect(EmbeddedPostgresServer server) throws SQLException {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(server.jdbcUrl("postgres"));
    dataSource.setUser(server.user());
    return dataSource.getConnection();
  }
}
