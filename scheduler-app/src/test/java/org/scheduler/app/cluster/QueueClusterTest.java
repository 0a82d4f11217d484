package org.scheduler.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scheduler.app.testing.Http;
import org.scheduler.app.testing.NodeProcess;
import org.scheduler.db.testing.PostgresExtension;

/**
 * The queue across node JVMs with four consumers each: two draining, one killed mid-batch, one
 * stopped mid-drain, and three sharing a concurrency limit.
 */
@Tag("cluster")
class QueueClusterTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path work;

  private static final String QUEUES =
      """
      queues:
        work:
          concurrency: 4
          lease: PT2S
          pollInterval: PT0.05S
          batch:
            targetDuration: PT0.5S
      """;

  private final List<NodeProcess> nodes = new ArrayList<>();

  @BeforeEach
  void cleanTables() {
    postgres.execute(
        "TRUNCATE queue_messages, queue_history, queue_dead",
        "DROP TABLE IF EXISTS handled",
        "CREATE TABLE handled (id BIGINT NOT NULL, node TEXT NOT NULL)");
  }

  @AfterEach
  void stopNodes() throws InterruptedException {
    for (NodeProcess node : nodes) {
      node.close();
    }
  }

  @Test
  void twentyThousandMessagesAreAckedExactlyOnceByTwoNodes() throws Exception {
    NodeProcess first = start("q1");
    NodeProcess second = start("q2");
    awaitReady(first, second);

    enqueue(first.http(), 20_000, 0);

    await("queue drained")
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> count("SELECT count(*) FROM queue_messages") == 0);
    assertThat(count("SELECT count(*) FROM queue_history")).isEqualTo(20_000);
    assertThat(count("SELECT count(DISTINCT id) FROM queue_history")).isEqualTo(20_000);
    assertThat(count("SELECT count(DISTINCT id) FROM handled")).isEqualTo(20_000);
    assertThat(count("SELECT count(*) FROM queue_dead")).isZero();
    assertThat(count("SELECT count(DISTINCT node) FROM handled")).isEqualTo(2);
  }

  @Test
  void aNodeKilledMidBatchLosesNothing() throws Exception {
    NodeProcess victim = start("q1");
    NodeProcess survivor = start("q2");
    awaitReady(victim, survivor);

    enqueue(victim.http(), 4_000, 10);
    await("work under way")
        .atMost(Duration.ofSeconds(60))
        .until(() -> count("SELECT count(*) FROM handled WHERE node = 'q1'") >= 100);
    victim.kill();

    await("queue drained by the survivor")
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> count("SELECT count(*) FROM queue_messages") == 0);
    assertThat(count("SELECT count(*) FROM queue_history")).isEqualTo(4_000);
    assertThat(count("SELECT count(DISTINCT id) FROM queue_history")).isEqualTo(4_000);
    assertThat(count("SELECT count(DISTINCT id) FROM handled")).isEqualTo(4_000);
    assertThat(count("SELECT count(*) FROM queue_dead")).isZero();
    // the batches the victim held when it died were handled again by the survivor
    assertThat(
            count(
                "SELECT count(*) FROM (SELECT id FROM handled GROUP BY id"
                    + " HAVING count(DISTINCT node) = 2) redelivered"))
        .isPositive();
  }

  @Test
  void sigtermDuringABusyDrainExitsCleanlyAndHandsBackItsClaimsAtOnce() throws Exception {
    // a lease far longer than the test may take: only an explicit release lets the survivor
    // have the leaving node's claimed messages in time
    String longLease = QUEUES.replace("lease: PT2S", "lease: PT120S");
    NodeProcess leaving = start("q1", longLease);
    NodeProcess staying = start("q2", longLease);
    awaitReady(leaving, staying);

    enqueue(leaving.http(), 3_000, 20);
    await("work under way")
        .atMost(Duration.ofSeconds(60))
        .until(() -> count("SELECT count(*) FROM handled WHERE node = 'q1'") >= 50);
    java.time.Instant terminated = java.time.Instant.now();

    assertThat(leaving.terminate(Duration.ofSeconds(60))).as("exit code after SIGTERM").isZero();
    assertThat(leaving.log()).contains("Draining").contains("Stopped");

    await("drained by the other node well before a lease would expire")
        .atMost(Duration.ofSeconds(100))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> count("SELECT count(*) FROM queue_messages") == 0);
    assertThat(java.time.Duration.between(terminated, java.time.Instant.now()))
        .isLessThan(Duration.ofSeconds(120));
    assertThat(count("SELECT count(*) FROM queue_history")).isEqualTo(3_000);
    assertThat(count("SELECT count(DISTINCT id) FROM queue_history")).isEqualTo(3_000);
    assertThat(count("SELECT count(*) FROM queue_dead")).isZero();
    // nothing the leaving node had started was handed over half-done
    assertThat(
            count(
                "SELECT count(*) FROM (SELECT id FROM handled GROUP BY id"
                    + " HAVING count(DISTINCT node) = 2) redelivered"))
        .isZero();
  }

  @Test
  void aConcurrencyLimitHoldsAcrossThreeNodeProcesses() throws Exception {
    String limited = QUEUES + "    limits:\n      record: {concurrency: 2}\n";
    NodeProcess first = start("q1", limited);
    NodeProcess second = start("q2", limited);
    NodeProcess third = start("q3", limited);
    awaitReady(first, second, third);
    AtomicLong mostClaimed = new AtomicLong();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    try {
      sampler.scheduleWithFixedDelay(
          () ->
              mostClaimed.accumulateAndGet(
                  count("SELECT count(*) FROM queue_messages WHERE state = 'claimed'"), Math::max),
          0,
          10,
          TimeUnit.MILLISECONDS);

      enqueue(second.http(), 40, 200);

      await("queue drained")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> count("SELECT count(*) FROM queue_messages") == 0);
    } finally {
      sampler.shutdownNow();
    }
    assertThat(mostClaimed.get()).as("most claimed at once, sampled every 10 ms").isEqualTo(2);
    assertThat(count("SELECT count(DISTINCT id) FROM handled")).isEqualTo(40);
    assertThat(count("SELECT count(DISTINCT node) FROM handled"))
        .as("the limit was shared, not each node's own")
        .isGreaterThan(1);
  }

  private NodeProcess start(String name) throws Exception {
    return start(name, QUEUES);
  }

  private NodeProcess start(String name, String queues) throws Exception {
    NodeProcess node = NodeProcess.start(name, work, postgres.jdbcUrl(), "jobs: []\n", queues);
    nodes.add(node);
    return node;
  }

  private static void awaitReady(NodeProcess... nodes) {
    await("nodes ready")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> java.util.Arrays.stream(nodes).allMatch(NodeProcess::isReady));
  }

  /** Enqueues through the HTTP API in bulk requests of 10,000. */
  private static void enqueue(Http http, int count, int sleepMillis) {
    for (int sent = 0; sent < count; sent += 10_000) {
      StringBuilder body = new StringBuilder("[");
      int batch = Math.min(10_000, count - sent);
      for (int i = 0; i < batch; i++) {
        body.append(i == 0 ? "" : ",")
            .append("{\"type\":\"record\",\"payload\":{\"sleepMillis\":")
            .append(sleepMillis)
            .append("}}");
      }
      Http.Response response = http.post("/api/queues/work/messages", body.append("]").toString());
      assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
      assertThat(response.body().path("ids").size()).isEqualTo(batch);
    }
  }

  private static long count(String sql) {
    return postgres.queryLong(sql);
  }
}
