package org.scheduler.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.scheduler.app.testing.NodeProcess;
import org.scheduler.db.EmbeddedPostgresServer;

/**
 * PostgreSQL restarted (fast shutdown, then started on the same data) under two live nodes. No node
 * is killed, so nothing may be delivered twice and no node may be taken for dead.
 */
@Tag("cluster")
class DatabaseRestartTest {
  private static final String QUEUES =
      "queues:\n  work:\n    concurrency: 2\n    pollInterval: PT0.05S\n    batch:\n      max: 200\n";

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path work;

  private int port;
  private EmbeddedPostgresServer postgres;

  @BeforeEach
  void startPostgres() throws IOException {
    port = NodeProcess.freePort();
    postgres = EmbeddedPostgresServer.start(work.resolve("pg"), port);
  }

  @AfterEach
  void stopPostgres() {
    postgres.close();
  }

  @Test
  void messagesInFlightWhenPostgresRestartsAreDeliveredOnce() throws Exception {
    int total = 4000;
    try (NodeProcess one = start("one", "jobs: []\n");
        NodeProcess two = start("two", "jobs: []\n")) {
      awaitReady(one, two);
      String message = "{\"type\":\"journal\",\"payload\":{\"sleepMillis\":3}}";
      for (int sent = 0; sent < total; sent += 1000) {
        String batch = "[" + String.join(",", java.util.Collections.nCopies(1000, message)) + "]";
        assertThat(one.http().post("/api/queues/work/messages", batch).status()).isEqualTo(201);
      }
      await("deliveries under way")
          .atMost(Duration.ofSeconds(60))
          .until(() -> deliveries().size() >= total / 5);

      restartPostgres();
      assertThat(deliveries().size())
          .as("still mid-way when PostgreSQL went down")
          .isLessThan(total);

      await("every message acked")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> count("SELECT count(*) FROM queue_history") == total);
      Map<Long, Integer> times = new HashMap<>();
      deliveries().forEach(id -> times.merge(id, 1, Integer::sum));
      assertThat(times).hasSize(total);
      assertThat(times.entrySet().stream().filter(entry -> entry.getValue() > 1).toList())
          .as("messages delivered more than once")
          .isEmpty();
      assertThat(count("SELECT count(*) FROM queue_messages")).isZero();
      assertThat(count("SELECT count(*) FROM queue_dead")).isZero();
    }
  }

  @Test
  void fiveRestartsRecoverNoLiveNodeAndRunNoJobTwice() throws Exception {
    // sleep is recoverable: a node taken for dead would have its running sleep re-run elsewhere
    String jobs =
        "jobs:\n"
            + "  - name: nap\n    type: sleep\n    every: PT1S\n    params:\n      millis: 700\n"
            + "  - name: tick\n    type: noop\n    every: PT1S\n";
    try (NodeProcess one = start("one", jobs);
        NodeProcess two = start("two", jobs)) {
      awaitReady(one, two);
      for (int restart = 0; restart < 5; restart++) {
        await("runs between restarts")
            .atMost(Duration.ofSeconds(60))
            .until(() -> count("SELECT count(*) FROM job_runs WHERE outcome = 'SUCCEEDED'") > 0);
        long before = count("SELECT count(*) FROM job_runs WHERE outcome = 'SUCCEEDED'");
        restartPostgres();
        awaitReady(one, two);
        await("both jobs fire again")
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    count("SELECT count(*) FROM job_runs WHERE outcome = 'SUCCEEDED'")
                        > before + 4);
      }
      assertThat(count("SELECT count(*) FROM job_runs WHERE recovering")).isZero();
      assertThat(
              count(
                  "SELECT count(*) FROM (SELECT job_name, scheduled_at FROM job_runs"
                      + " GROUP BY 1, 2 HAVING count(*) > 1) twice"))
          .as("slots run twice")
          .isZero();
      for (NodeProcess node : List.of(one, two)) {
        assertThat(node.log())
            .doesNotContain("was recovered by another instance")
            .doesNotContain("detected 1 failed or restarted instances");
      }
    }
  }

  private NodeProcess start(String name, String jobs) throws IOException {
    return NodeProcess.start(name, work, postgres.jdbcUrl("postgres"), jobs, QUEUES);
  }

  private static void awaitReady(NodeProcess... nodes) {
    for (NodeProcess node : nodes) {
      await(node.name() + " ready")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .until(node::isReady);
    }
  }

  private void restartPostgres() {
    postgres.close();
    postgres = EmbeddedPostgresServer.start(work.resolve("pg"), port);
  }

  /** Every delivery the journal handler recorded on either node, by message id. */
  private List<Long> deliveries() throws IOException {
    List<Long> ids = new java.util.ArrayList<>();
    for (String node : List.of("one", "two")) {
      Path journal = work.resolve("deliveries-" + node + ".log");
      if (Files.exists(journal)) {
        for (String line : Files.readAllLines(journal)) {
          if (!line.isBlank()) {
            ids.add(Long.parseLong(line.substring(0, line.indexOf(' '))));
          }
        }
      }
    }
    return ids;
  }

  private long count(String sql) throws SQLException {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(postgres.jdbcUrl("postgres"));
    dataSource.setUser(postgres.user());
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(sql)) {
      resultSet.next();
      return resultSet.getLong(1);
    }
  }
}
