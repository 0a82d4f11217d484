package org.scheduler.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scheduler.app.testing.NodeProcess;
import org.scheduler.db.testing.PostgresExtension;

/**
 * Two nodes in JVMs of their own on one database: every slot of an every-second job fires on
 * exactly one node, and when a node is killed the other goes on and re-runs its recoverable job.
 */
@Tag("cluster")
class ClusterTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path work;

  private static final String JOBS =
      """
      jobs:
        - name: tick
          type: noop
          every: PT1S
          misfire: fire-all
        - name: long
          type: sleep
          every: PT1H
          params:
            millis: 600000
      """;

  private final List<NodeProcess> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() throws InterruptedException {
    for (NodeProcess node : nodes) {
      node.close();
    }
  }

  @Test
  void everySlotFiresOnceAcrossNodesAndSurvivesAKilledNode() throws Exception {
    NodeProcess first = start("n1");
    NodeProcess second = start("n2");
    await("both nodes ready")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> first.isReady() && second.isReady());

    // 20 consecutive slots with both nodes up
    Instant firstSlot = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
    Instant lastSlot = firstSlot.plusSeconds(19);
    awaitSlot(lastSlot);
    assertEverySlotFiredOnce(firstSlot, lastSlot);

    // run the recoverable long job now (admin API), find the node running it, and kill that node
    assertThat(first.http().post("/api/jobs/long/run", "").status()).isEqualTo(202);
    await("long job running")
        .atMost(Duration.ofSeconds(20))
        .until(() -> runningNode("long") != null);
    String runner = runningNode("long");
    NodeProcess victim = runner.equals(first.instanceId()) ? first : second;
    NodeProcess survivor = victim == first ? second : first;
    String survivorId = survivor.instanceId();
    Instant killedAt = Instant.now();
    victim.kill();

    // the survivor re-runs the interrupted recoverable job and keeps every tick slot
    await("long job recovered by the survivor")
        .atMost(Duration.ofSeconds(60))
        .until(() -> recoveredBy("long", survivorId));
    Instant afterKill = killedAt.truncatedTo(ChronoUnit.SECONDS).plusSeconds(15);
    awaitSlot(afterKill);
    assertEverySlotFiredOnce(firstSlot, afterKill);
    assertThat(nodesThatRan("tick", killedAt.plusSeconds(1), afterKill)).containsOnly(survivorId);
  }

  private NodeProcess start(String name) throws Exception {
    NodeProcess node = NodeProcess.start(name, work, postgres.jdbcUrl(), JOBS);
    nodes.add(node);
    return node;
  }

  private void awaitSlot(Instant slot) {
    await("slot " + slot)
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> !runsPerSlot(slot, slot).isEmpty());
  }

  private void assertEverySlotFiredOnce(Instant from, Instant to) throws SQLException {
    Map<Instant, Integer> runs = runsPerSlot(from, to);
    List<Instant> expected = new ArrayList<>();
    for (Instant slot = from; !slot.isAfter(to); slot = slot.plusSeconds(1)) {
      expected.add(slot);
    }
    assertThat(runs.keySet()).as("slots that fired").containsExactlyElementsOf(expected);
    assertThat(runs.values()).as("runs per slot").containsOnly(1);
  }

  /** Runs of tick per scheduled slot; a run cut short by a kill still counts, as RUNNING. */
  private Map<Instant, Integer> runsPerSlot(Instant from, Instant to) throws SQLException {
    Map<Instant, Integer> runs = new TreeMap<>();
    try (Connection connection = postgres.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT scheduled_at, count(*) FROM job_runs WHERE job_name = 'tick'"
                    + " AND outcome <> 'MISFIRED' AND scheduled_at BETWEEN ? AND ?"
                    + " GROUP BY scheduled_at")) {
      statement.setTimestamp(1, Timestamp.from(from));
      statement.setTimestamp(2, Timestamp.from(to));
      try (ResultSet resultSet = statement.executeQuery()) {
        while (resultSet.next()) {
          runs.put(resultSet.getTimestamp(1).toInstant(), resultSet.getInt(2));
        }
      }
    }
    return runs;
  }

  private List<String> nodesThatRan(String job, Instant from, Instant to) throws SQLException {
    try (Connection connection = postgres.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT DISTINCT node_id FROM job_runs WHERE job_name = ?"
                    + " AND scheduled_at BETWEEN ? AND ?")) {
      statement.setString(1, job);
      statement.setTimestamp(2, Timestamp.from(from));
      statement.setTimestamp(3, Timestamp.from(to));
      try (ResultSet resultSet = statement.executeQuery()) {
        List<String> ids = new ArrayList<>();
        while (resultSet.next()) {
          ids.add(resultSet.getString(1));
        }
        return ids;
      }
    }
  }

  private String runningNode(String job) throws SQLException {
    try (Connection connection = postgres.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT node_id FROM job_runs WHERE job_name = ? AND outcome = 'RUNNING'")) {
      statement.setString(1, job);
      try (ResultSet resultSet = statement.executeQuery()) {
        return resultSet.next() ? resultSet.getString(1) : null;
      }
    }
  }

  private boolean recoveredBy(String job, String node) throws SQLException {
    try (Connection connection = postgres.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT 1 FROM job_runs WHERE job_name = ? AND recovering AND node_id = ?")) {
      statement.setString(1, job);
      statement.setString(2, node);
      try (ResultSet resultSet = statement.executeQuery()) {
        return resultSet.next();
      }
    }
  }
}
