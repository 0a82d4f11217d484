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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scheduler.app.testing.NodeProcess;
import org.scheduler.db.testing.PostgresExtension;

/**
 * How soon another node takes over a 2 s job: within 2 s of a drain (the drained node hands its
 * acquired triggers back at once, the other looks again within its 1 s idle wait), and within the
 * check-in interval (1 s here) plus 2 s of a SIGKILL.
 */
@Tag("cluster")
class TakeoverTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path work;

  private static final String JOBS =
      "jobs:\n  - name: beat\n    type: noop\n    every: PT2S\n    misfire: fire-all\n";
  private static final Duration CHECK_IN_INTERVAL = Duration.ofSeconds(1);

  private final List<NodeProcess> nodes = new ArrayList<>();

  /** How long before its slot the holder is taken away: far more than a drain or a kill takes. */
  private static final Duration MARGIN = Duration.ofMillis(400);

  private NodeProcess runner;
  private NodeProcess other;

  @BeforeEach
  void startTwoNodes() throws Exception {
    postgres.execute(
        "DELETE FROM qrtz_simple_triggers",
        "DELETE FROM qrtz_cron_triggers",
        "DELETE FROM qrtz_triggers",
        "DELETE FROM qrtz_job_details",
        "DELETE FROM qrtz_fired_triggers",
        "DELETE FROM qrtz_scheduler_state",
        "DELETE FROM job_runs");
    NodeProcess first = start("t1");
    NodeProcess second = start("t2");
    await("both nodes ready")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> first.isReady() && second.isReady());
    Instant now = Instant.now();
    await("beat runs").atMost(Duration.ofSeconds(20)).until(() -> firstRunAfter(now) != null);
    // the node to take away is the one holding the next slot, acquired ahead of its time; it is
    // taken away while that slot is still a while off, since a slot already firing runs where it is
    String id =
        await("a node holds the next slot at least " + MARGIN + " before it")
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(20))
            .until(TakeoverTest::holderWellBeforeTheSlot, node -> node != null);
    runner = id.equals(first.instanceId()) ? first : second;
    other = runner == first ? second : first;
  }

  /** The node that acquired the next slot, when that slot is still {@link #MARGIN} away. */
  private static String holderWellBeforeTheSlot() throws SQLException {
    Instant now = Instant.now();
    String node = acquiringNode();
    return node != null && Duration.between(now, nextSlot(now)).compareTo(MARGIN) >= 0
        ? node
        : null;
  }

  @AfterEach
  void stopNodes() throws InterruptedException {
    for (NodeProcess node : nodes) {
      node.close();
    }
  }

  @Test
  void afterADrainTheOtherNodeRunsTheNextSlotWithinTwoSeconds() throws Exception {
    Instant drained = Instant.now();
    assertThat(runner.http().post("/api/node/drain", "").status()).isEqualTo(202);

    Run next = awaitFirstRunAfter(drained);
    assertThat(next.node()).isEqualTo(other.instanceId());
    assertThat(next.scheduledAt()).isEqualTo(nextSlot(drained));
    assertRunWithin(drained, Duration.ofSeconds(2), next);
  }

  @Test
  void afterASigkillTheOtherNodeRunsTheNextSlotWithinTheCheckInIntervalAndTwoSeconds()
      throws Exception {
    Instant killed = Instant.now();
    runner.kill();

    Run next = awaitFirstRunAfter(killed);
    assertThat(next.node()).isEqualTo(other.instanceId());
    assertThat(next.scheduledAt()).isEqualTo(nextSlot(killed));
    assertRunWithin(killed, CHECK_IN_INTERVAL.plusSeconds(2), next);
  }

  private NodeProcess start(String name) throws Exception {
    NodeProcess node = NodeProcess.start(name, work, postgres.jdbcUrl(), JOBS);
    nodes.add(node);
    return node;
  }

  /**
   * The run started within {@code bound} of {@code from}; a slot that itself lies near the bound
   * may start a moment after it, as long as it started on time.
   */
  private static void assertRunWithin(Instant from, Duration bound, Run run) {
    Instant onTime = run.scheduledAt().plusMillis(500);
    Instant deadline = from.plus(bound).isAfter(onTime) ? from.plus(bound) : onTime;
    assertThat(run.startedAt()).as("start of " + run + " after " + from).isBefore(deadline);
  }

  private static Instant nextSlot(Instant after) {
    long twoSeconds = 2000;
    return Instant.ofEpochMilli((after.toEpochMilli() / twoSeconds + 1) * twoSeconds);
  }

  private record Run(String node, Instant scheduledAt, Instant startedAt) {}

  private Run awaitFirstRunAfter(Instant after) {
    return await("a slot after " + after + " runs")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> firstRunAfter(after), run -> run != null);
  }

  private static Run firstRunAfter(Instant after) throws SQLException {
    try (Connection connection = postgres.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT node_id, scheduled_at, started_at FROM job_runs WHERE job_name = 'beat'"
                    + " AND outcome <> 'MISFIRED' AND scheduled_at > ?"
                    + " ORDER BY scheduled_at LIMIT 1")) {
      statement.setTimestamp(1, Timestamp.from(after));
      try (ResultSet row = statement.executeQuery()) {
        return row.next()
            ? new Run(
                row.getString(1), row.getTimestamp(2).toInstant(), row.getTimestamp(3).toInstant())
            : null;
      }
    }
  }

  private static String acquiringNode() throws SQLException {
    try (Connection connection = postgres.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT instance_name FROM qrtz_fired_triggers"
                    + " WHERE trigger_name = 'beat' AND state = 'ACQUIRED'");
        ResultSet row = statement.executeQuery()) {
      return row.next() ? row.getString(1) : null;
    }
  }
}
