package org.scheduler.app.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scheduler.app.bootstrap.Node;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.scheduler.app.http.HttpServerService;
import org.scheduler.app.testing.Http;
import org.scheduler.app.testing.RawHttp;
import org.scheduler.app.testing.TestConf;
import org.scheduler.db.testing.PostgresExtension;

/** The queue endpoints of a whole node in this JVM. */
class QueueHttpTest {
  private static final String ENQUEUED_BY_JOB =
      "SELECT count(*) FROM queue_messages WHERE queue = 'idle'"
          + " AND dedupe_key LIKE 'enqueue:every-second:%'";

  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();
  @TempDir static Path confDirectory;

  private static Node node;
  private static Http http;

  @BeforeAll
  static void startNode() throws Exception {
    TestConf.write(
        confDirectory,
        postgres.jdbcUrl(),
        0,
        "node",
        """
        jobs:
          - name: every-second
            type: enqueue
            every: PT1S
            params:
              queue: idle
              type: log
              payload:
                greeting: hello
                count: 2
        """,
        """
        queues:
          work:
            concurrency: 2
            maxAttempts: 1
            maxPayloadSize: 1024
            pollInterval: PT0.05S
          idle:
            concurrency: 0
        """);
    node = Node.assemble(confDirectory, new EnvSubstitution(Map.of())).start();
    http = new Http(node.get(HttpServerService.class).port());
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @BeforeEach
  void emptyWorkQueue() {
    postgres.execute(
        "DELETE FROM queue_messages WHERE queue = 'work'",
        "DELETE FROM queue_dead WHERE queue = 'work'");
  }

  @Test
  void oneMessageIsEnqueuedAndHandled() throws Exception {
    Http.Response response =
        http.post(
            "/api/queues/work/messages", "{\"type\":\"log\",\"payload\":{\"a\":1},\"priority\":3}");

    assertThat(response.status()).isEqualTo(201);
    long id = response.body().path("id").asLong();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> count("SELECT count(*) FROM queue_history WHERE id = " + id) == 1);
  }

  @Test
  void anArrayIsEnqueuedInOneRequestAndDedupeKeysHold() throws Exception {
    Http.Response response =
        http.post(
            "/api/queues/work/messages",
            "[{\"type\":\"nobody\",\"payload\":1,\"delay\":\"PT1H\",\"dedupeKey\":\"k\"},"
                + "{\"type\":\"nobody\",\"payload\":2,\"delay\":\"PT1H\",\"dedupeKey\":\"k\"},"
                + "{\"type\":\"nobody\",\"payload\":3,\"runAt\":\""
                + java.time.Instant.now().plus(Duration.ofDays(30))
                + "\"}]");

    assertThat(response.status()).isEqualTo(201);
    JsonNode ids = response.body().path("ids");
    assertThat(ids.size()).isEqualTo(3);
    assertThat(ids.get(1).asLong()).isEqualTo(ids.get(0).asLong());
    assertThat(
            count("SELECT count(*) FROM queue_messages WHERE queue = 'work' AND state = 'delayed'"))
        .isEqualTo(2);
  }

  @Test
  void badInputGets400NamingTheFieldAndStoresNothing() throws Exception {
    assertBadRequest("{\"type\":\"log\"}", "payload: required");
    assertBadRequest("{\"payload\":{}}", "type: required");
    assertBadRequest("{\"type\":\"log\",\"payload\":{},\"colour\":1}", "colour: unknown field");
    assertBadRequest(
        "{\"type\":\"log\",\"payload\":{},\"delay\":\"soon\"}",
        "delay: expected an ISO-8601 duration");
    assertBadRequest(
        "{\"type\":\"log\",\"payload\":{},\"priority\":1.5}", "priority: expected a whole number");
    assertBadRequest("[{\"type\":\"log\",\"payload\":{}}, 7]", "[1]: expected an object");
    assertBadRequest("{\"type\":\"bad type\",\"payload\":{}}", "type: 1 to 128");
    assertBadRequest(
        "{\"type\":\"log\",\"payload\":\"" + "x".repeat(2000) + "\"}",
        "payload: 2002 bytes is more than the queue's limit of 1024");
    assertBadRequest("not json", "body: not valid JSON");
    assertBadRequest(
        "[{\"type\":\"log\",\"payload\":{},\"runAt\":\"2099-01-01T00:00:00Z\"}]",
        "[0].runAt: at most 365 days ahead");
    assertBadRequest("", "body: expected JSON");
    assertThat(count("SELECT count(*) FROM queue_messages WHERE queue = 'work'")).isZero();
  }

  @Test
  void unknownQueueIs404AndOversizedBodyIs413() {
    assertThat(http.post("/api/queues/nope/messages", "{}").status()).isEqualTo(404);
    // the client waits for 100 Continue, so it hears the refusal instead of a reset mid-body
    RawHttp.Response tooLarge =
        RawHttp.send(
            node.get(HttpServerService.class).port(),
            "POST /api/queues/work/messages HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nExpect: 100-continue\r\n"
                + "Content-Length: 18000000");
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.json().path("error").path("code").asText()).isEqualTo("body_too_large");
  }

  @Test
  void liveMessagesAreListedByStateAPageAtATime() throws Exception {
    long first =
        http.post(
                "/api/queues/idle/messages",
                "{\"type\":\"log\",\"payload\":{\"n\":1},\"delay\":\"PT1H\"}")
            .body()
            .path("id")
            .asLong();
    long second =
        http.post(
                "/api/queues/idle/messages",
                "{\"type\":\"log\",\"payload\":{\"n\":2},\"delay\":\"PT1H\"}")
            .body()
            .path("id")
            .asLong();

    JsonNode page = http.get("/api/queues/idle/messages?state=delayed&limit=1").body();
    assertThat(page.path("state").asText()).isEqualTo("delayed");
    assertThat(page.path("messages")).hasSize(1);
    JsonNode listed = page.path("messages").get(0);
    assertThat(listed.path("id").asLong()).isEqualTo(first);
    assertThat(listed.path("payload").path("n").asInt()).isEqualTo(1);
    assertThat(listed.path("progress").isNull()).isTrue();
    JsonNode next =
        http.get("/api/queues/idle/messages?state=delayed&limit=1&after=" + first).body();
    assertThat(next.path("messages").get(0).path("id").asLong()).isEqualTo(second);
    assertThat(http.get("/api/queues/idle/messages?state=claimed").body().path("messages"))
        .isEmpty();

    assertThat(http.get("/api/queues/idle/messages?state=gone").status()).isEqualTo(400);
    assertThat(http.get("/api/queues/nope/messages").status()).isEqualTo(404);
  }

  @Test
  void deadLettersAreListedAndReplayed() throws Exception {
    long id =
        http.post(
                "/api/queues/work/messages", "{\"type\":\"unhandled-type\",\"payload\":{\"x\":1}}")
            .body()
            .path("id")
            .asLong();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> http.get("/api/queues/work/dead").body().path("dead").size() == 1);

    JsonNode dead = http.get("/api/queues/work/dead").body().path("dead").get(0);
    assertThat(dead.path("id").asLong()).isEqualTo(id);
    assertThat(dead.path("payload").path("x").asInt()).isEqualTo(1);
    assertThat(dead.path("lastError").asText())
        .contains("no handler for message type 'unhandled-type'");

    Instant firstDeath = Instant.parse(dead.path("deadAt").asText());
    assertThat(http.post("/api/queues/work/dead/" + id + "/retry", "").status()).isEqualTo(200);
    assertThat(http.post("/api/queues/work/dead/999999/retry", "").status()).isEqualTo(404);
    assertThat(http.post("/api/queues/work/dead/abc/retry", "").status()).isEqualTo(400);
    // replayed, it is claimed again and, still without a handler, dead-lettered a second time
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              JsonNode again = http.get("/api/queues/work/dead").body().path("dead");
              return again.size() == 1
                  && again.get(0).path("id").asLong() == id
                  && Instant.parse(again.get(0).path("deadAt").asText()).isAfter(firstDeath);
            });
  }

  @Test
  void queueGaugesReadTheDatabase() {
    // an hour old: only this row can make the oldest ready message that old
    postgres.execute(
        "INSERT INTO queue_messages (queue, type, payload, state, run_at)"
            + " VALUES ('idle', 'x', '{}', 'ready', now() - interval '1 hour')");
    var gauges = node.get(com.codahale.metrics.MetricRegistry.class).getGauges();

    // the gauges read the database at most every 5 s
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                gauges.get("queue.idle.oldest-ready-age-seconds").getValue() instanceof Double age
                    && age >= 3599.0);
    // read together with the age: it counts that row
    assertThat((Long) gauges.get("queue.idle.depth").getValue()).isPositive();
    assertThat(gauges.get("queue.work.batch-size").getValue()).isNotNull();
  }

  @Test
  void queuesShowCountsAndBatchSize() {
    JsonNode queues = http.get("/api/queues").body().path("queues");
    assertThat(queues.findValuesAsText("queue")).contains("work", "idle");
    for (JsonNode queue : queues) {
      if (queue.path("queue").asText().equals("work")) {
        assertThat(queue.path("batchSize").asInt()).isPositive();
        assertThat(queue.has("ready")).isTrue();
        assertThat(queue.has("oldestReadyAgeSeconds")).isTrue();
      }
    }
  }

  @Test
  void theEnqueueJobPutsOneMessagePerSlotOnItsQueue() throws Exception {
    await().atMost(Duration.ofSeconds(20)).until(() -> count(ENQUEUED_BY_JOB) >= 2);

    assertThat(
            count(
                "SELECT count(*) FROM queue_messages WHERE queue = 'idle' AND type = 'log'"
                    + " AND payload = '{\"count\": 2, \"greeting\": \"hello\"}'::jsonb AND dedupe_key LIKE 'enqueue:every-second:%'"))
        .isGreaterThanOrEqualTo(2);
    assertThat(count(ENQUEUED_BY_JOB))
        .isEqualTo(
            count(
                "SELECT count(DISTINCT dedupe_key) FROM queue_messages WHERE queue = 'idle'"
                    + " AND dedupe_key LIKE 'enqueue:every-second:%'"));
  }

  private static void assertBadRequest(String body, String error) {
    Http.Response response = http.post("/api/queues/work/messages", body);
    assertThat(response.status()).as(body).isEqualTo(400);
    assertThat(response.body().path("error").path("message").asText()).contains(error);
  }

  private static long count(String sql) {
    return postgres.queryLong(sql);
  }
}
