package org.scheduler.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.scheduler.app.testing.Http;
import org.scheduler.app.testing.NodeProcess;
import org.scheduler.app.testing.ReplicatedPostgres;

/**
 * Two nodes on a primary with a synchronous standby, both named in the JDBC URL. The primary dies
 * under enqueue load and the standby is promoted: the nodes turn not-ready, come back on the new
 * primary without a restart, and every message whose enqueue was answered 201 is there.
 */
@Tag("cluster")
class FailoverTest {
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path work;

  @Test
  void nodesFollowAPromotedStandbyAndLoseNothingAcknowledged() throws Exception {
    assumeThat(ReplicatedPostgres.available()).as("PostgreSQL 15 server binaries").isTrue();
    String queues = "queues:\n  work:\n    concurrency: 2\n    pollInterval: PT0.05S\n";
    try (ReplicatedPostgres pair = ReplicatedPostgres.start();
        NodeProcess one = NodeProcess.start("one", work, pair.jdbcUrl(), "jobs: []\n", queues);
        NodeProcess two = NodeProcess.start("two", work, pair.jdbcUrl(), "jobs: []\n", queues)) {
      for (NodeProcess node : List.of(one, two)) {
        await(node.name() + " ready").atMost(Duration.ofSeconds(90)).until(node::isReady);
      }
      Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
      AtomicBoolean loading = new AtomicBoolean(true);
      List<Thread> clients =
          List.of(
              client(one.http(), acknowledged, loading), client(two.http(), acknowledged, loading));
      clients.forEach(Thread::start);
      try {
        await("load before the failover")
            .atMost(Duration.ofSeconds(30))
            .until(() -> acknowledged.size() >= 200);

        pair.crashPrimary();
        await("not ready without a primary")
            .atMost(Duration.ofSeconds(30))
            .until(() -> !one.isReady() && !two.isReady());
        pair.promoteStandby();
        for (NodeProcess node : List.of(one, two)) {
          await(node.name() + " ready on the new primary")
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(250))
              .until(node::isReady);
        }
        int beforeFailover = acknowledged.size();
        await("load after the failover")
            .atMost(Duration.ofSeconds(30))
            .until(() -> acknowledged.size() >= beforeFailover + 200);
      } finally {
        loading.set(false);
        for (Thread client : clients) {
          client.join();
        }
      }

      try (Connection primary = pair.connectToStandby()) {
        await("queue drained")
            .atMost(Duration.ofSeconds(60))
            .until(() -> count(primary, "SELECT count(*) FROM queue_messages") == 0);
        Set<Long> stored = new HashSet<>(ids(primary, "SELECT id FROM queue_history"));
        stored.addAll(ids(primary, "SELECT id FROM queue_dead"));
        assertThat(acknowledged).isNotEmpty();
        assertThat(new HashSet<>(acknowledged))
            .as("acknowledged messages missing after the failover")
            .isSubsetOf(stored);
      }
      assertThat(one.isAlive() && two.isAlive()).isTrue();
    }
  }

  /** Enqueues one message per request until stopped, keeping the ids answered 201. */
  private static Thread client(Http http, Set<Long> acknowledged, AtomicBoolean loading) {
    return new Thread(
        () -> {
          while (loading.get()) {
            try {
              Http.Response response =
                  http.post("/api/queues/work/messages", "{\"type\":\"journal\",\"payload\":{}}");
              if (response.status() == 201) {
                acknowledged.add(response.body().path("id").asLong());
              }
            } catch (RuntimeException e) {
              // the node is switching over; the message was not acknowledged
            }
          }
        });
  }

  private static long count(Connection connection, String sql) throws Exception {
    List<Long> values = ids(connection, sql);
    return values.get(0);
  }

  private static List<Long> ids(Connection connection, String sql) throws Exception {
    List<Long> ids = new java.util.ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(sql)) {
      while (resultSet.next()) {
        ids.add(resultSet.getLong(1));
      }
    }
    return ids;
  }
}
