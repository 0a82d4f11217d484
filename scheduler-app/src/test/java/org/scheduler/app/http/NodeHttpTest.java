package org.scheduler.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scheduler.app.bootstrap.Node;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.scheduler.app.testing.Http;
import org.scheduler.app.testing.TestConf;
import org.scheduler.db.testing.PostgresExtension;

/** A whole node in this JVM, on a test database, seen through its HTTP API. */
class NodeHttpTest {
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
        """
        jobs:
          - name: cleanup
            type: cleanup
            cron: "0 3 * * *"
            timeZone: Europe/Berlin
          - name: tick
            type: noop
            every: PT1S
          - name: broken
            type: failing
            every: PT1S
          - name: parked
            type: noop
            every: PT1M
            enabled: false
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

  @Test
  void readyWhenDatabaseMigrationsAndSchedulerAreUp() {
    Http.Response live = http.get("/health/live");
    assertThat(live.status()).isEqualTo(200);

    Http.Response ready = http.get("/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.body().path("status").asText()).isEqualTo("ready");
    assertThat(ready.body().path("checks").path("database").asText()).isEqualTo("ok");
    assertThat(ready.body().path("checks").path("migrations").asText()).isEqualTo("ok");
    assertThat(ready.body().path("checks").path("scheduler").asText()).isEqualTo("ok");
  }

  @Test
  void jobsListShowsTypeTriggerAndNextFireTime() {
    JsonNode jobs = http.get("/api/jobs").body().path("jobs");

    JsonNode cleanup = find(jobs, "cleanup");
    assertThat(cleanup.path("type").asText()).isEqualTo("cleanup");
    assertThat(cleanup.path("trigger").asText()).isEqualTo("cron 0 3 * * * (Quartz: 0 0 3 * * ?)");
    assertThat(cleanup.path("timeZone").asText()).isEqualTo("Europe/Berlin");
    assertThat(Instant.parse(cleanup.path("nextFireTime").asText())).isAfter(Instant.now());
    assertThat(cleanup.path("paused").asBoolean()).isFalse();

    JsonNode parked = find(jobs, "parked");
    assertThat(parked.path("enabled").asBoolean()).isFalse();
    assertThat(parked.has("nextFireTime")).isFalse();
  }

  @Test
  void runsAreListedNewestFirstWithTheirOutcome() {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> http.get("/api/jobs/broken/runs").body().path("runs").size() >= 2);

    JsonNode runs = http.get("/api/jobs/broken/runs?limit=5").body().path("runs");
    assertThat(runs.size()).isBetween(2, 5);
    assertThat(Instant.parse(runs.get(0).path("startedAt").asText()))
        .isAfterOrEqualTo(Instant.parse(runs.get(1).path("startedAt").asText()));
    JsonNode finished = runs.get(1);
    assertThat(finished.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(finished.path("error").asText()).contains("failing on purpose");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                "SUCCEEDED"
                    .equals(
                        find(http.get("/api/jobs").body().path("jobs"), "tick")
                            .path("lastRun")
                            .path("outcome")
                            .asText()));
  }

  @Test
  void clusterListsThisNodeAsAlive() {
    JsonNode cluster = http.get("/api/cluster").body();
    assertThat(cluster.path("node").asText()).isEqualTo("node");
    JsonNode self = cluster.path("nodes").get(0);
    assertThat(self.path("self").asBoolean()).isTrue();
    assertThat(self.path("alive").asBoolean()).isTrue();
    assertThat(self.path("id").asText()).isEqualTo(cluster.path("instanceId").asText());
  }

  @Test
  void badRequestsGetClearErrors() {
    assertThat(http.get("/api/jobs/nope/runs").status()).isEqualTo(404);
    Http.Response badLimit = http.get("/api/jobs/tick/runs?limit=lots");
    assertThat(badLimit.status()).isEqualTo(400);
    assertThat(badLimit.body().path("error").path("message").asText())
        .startsWith("limit: expected a whole number");
    assertThat(http.get("/api/nothing-here").status()).isEqualTo(404);
    assertThat(http.post("/api/jobs", "{}").status()).isEqualTo(405);
  }

  private static JsonNode find(JsonNode jobs, String name) {
    for (JsonNode job : jobs) {
      if (job.path("name").asText().equals(name)) {
        return job;
      }
    }
    throw new AssertionError("no job " + name + " in " + jobs);
  }

  @Test
  void openApiDocumentListsExactlyTheRoutesServed() {
    JsonNode document = http.get("/api/openapi.json").body();
    assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
    java.util.Set<String> documented = new java.util.TreeSet<>();
    document
        .path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method ->
                            documented.add(
                                method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));
    assertThat(documented)
        .containsExactlyInAnyOrderElementsOf(node.get(HttpServerService.class).routes());
    assertThat(references(document))
        .allSatisfy(
            ref -> assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref).isFalse());
  }

  private static java.util.List<String> references(JsonNode node) {
    java.util.List<String> found = new java.util.ArrayList<>();
    if (node.has("$ref")) {
      found.add(node.get("$ref").asText());
    }
    node.elements().forEachRemaining(child -> found.addAll(references(child)));
    return found;
  }
}
