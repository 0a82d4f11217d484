package org.scheduler.app.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scheduler.app.bootstrap.Node;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.scheduler.app.http.HttpServerService;
import org.scheduler.app.testing.Http;
import org.scheduler.app.testing.TestConf;
import org.scheduler.db.testing.PostgresExtension;

/** Editing jobs.yaml under a running node. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfReloadTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();
  @TempDir static Path conf;

  private static final String ONE_JOB = "jobs:\n  - name: slow\n    type: noop\n    every: PT1H\n";
  private static final String TWO_JOBS =
      ONE_JOB + "  - name: fresh\n    type: noop\n    every: PT1S\n";

  private static Node node;
  private static Http http;

  @BeforeAll
  static void startNode() throws Exception {
    TestConf.write(
        conf, postgres.jdbcUrl(), 0, "node", ONE_JOB, "queues:\n  default:\n    concurrency: 1\n");
    node = Node.assemble(conf, new EnvSubstitution(Map.of())).start();
    http = new Http(node.get(HttpServerService.class).port());
  }

  /** The file holds two jobs and the node runs the new one, whatever ran before. */
  private static void editToTwoJobs() throws Exception {
    Files.writeString(conf.resolve("jobs.yaml"), TWO_JOBS);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                http.get("/api/jobs/fresh/runs").status() == 200
                    && http.get("/api/jobs/fresh/runs").body().path("runs").size() > 0
                    && http.get("/api/conf").body().path("lastReload").asText().equals("applied"));
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  @Order(1)
  void aValidEditIsAppliedWithinTenSeconds() throws Exception {
    editToTwoJobs();

    JsonNode status = http.get("/api/conf").body();
    assertThat(status.path("lastReload").asText()).isEqualTo("applied");
    assertThat(status.path("drift").asBoolean()).isFalse();
    assertThat(status.path("applied").path("contentHash").asText())
        .isEqualTo(status.path("localHash").asText());
    assertThat(http.get("/api/cluster").body().path("confDrift").asBoolean()).isFalse();
  }

  @Test
  @Order(2)
  void anInvalidEditChangesNothingAndReportsTheLine() throws Exception {
    editToTwoJobs();
    Files.writeString(
        conf.resolve("jobs.yaml"), TWO_JOBS.replace("every: PT1S", "cron: \"99 * * * *\""));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> http.get("/api/conf").body().path("lastReload").asText().equals("invalid"));
    JsonNode error = http.get("/api/conf").body().path("errors").get(0);
    assertThat(error.path("line").asInt()).isEqualTo(7);
    assertThat(error.path("text").asText())
        .contains("jobs.yaml:7: job 'fresh': cron '99 * * * *' is invalid");

    // the running schedule goes on: fresh still fires every second
    Instant edited = Instant.now();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Instant.parse(
                        http.get("/api/jobs/fresh/runs")
                            .body()
                            .path("runs")
                            .get(0)
                            .path("startedAt")
                            .asText())
                    .isAfter(edited));

    Http.Response reload = http.post("/api/conf/reload", "");
    assertThat(reload.status()).isEqualTo(400);
    JsonNode refused = reload.body().path("error");
    assertThat(refused.path("code").asText()).isEqualTo("invalid_conf");
    assertThat(refused.path("message").asText()).contains("jobs.yaml:7");
    assertThat(refused.path("details").path("errors").get(0).path("line").asInt()).isEqualTo(7);
    assertThat(refused.path("details").path("drift").asBoolean()).isTrue();
  }

  @Test
  @Order(3)
  void aRemovedJobTakesItsMetricsAlong() throws Exception {
    editToTwoJobs();
    MetricRegistry metrics = node.get(MetricRegistry.class);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> metrics.getTimers().containsKey("job.fresh.run"));

    Files.writeString(conf.resolve("jobs.yaml"), ONE_JOB);
    assertThat(http.post("/api/conf/reload", "").status()).isEqualTo(200);

    assertThat(metrics.getNames()).noneMatch(name -> name.startsWith("job.fresh."));
  }

  @Test
  @Order(4)
  void anotherNodesVersionShowsAsDrift() throws Exception {
    Files.writeString(conf.resolve("jobs.yaml"), TWO_JOBS);
    assertThat(http.post("/api/conf/reload", "").status()).isEqualTo(200);
    assertThat(http.get("/api/cluster").body().path("confDrift").asBoolean()).isFalse();

    postgres.execute(
        "INSERT INTO conf_versions (content_hash, node) VALUES ('from-another-node', 'other')");

    assertThat(http.get("/api/cluster").body().path("confDrift").asBoolean()).isTrue();
    assertThat(http.get("/api/cluster").body().path("appliedConf").path("node").asText())
        .isEqualTo("other");
  }

  @Test
  @Order(4)
  void editedQueueLimitsApplyWithoutARestart() throws Exception {
    Path file = conf.resolve("scheduler.yaml");
    Files.writeString(
        file, Files.readString(file) + "    limits:\n      report: {concurrency: 3, rate: 5/s}\n");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> metrics().contains("queue_limit_claimed{queue=\"default\",type=\"report\"}"));
    assertThat(http.get("/api/conf").body().path("restartRequired").asBoolean()).isFalse();

    Files.writeString(
        file, Files.readString(file).replace("      report: {concurrency: 3, rate: 5/s}\n", ""));
    await().atMost(Duration.ofSeconds(10)).until(() -> !metrics().contains("queue_limit_claimed"));
    assertThat(http.get("/api/conf").body().path("restartRequired").asBoolean()).isFalse();
  }

  @Test
  @Order(6)
  void applyingTheFileDeletesTheStateOfJobsItNoLongerHas() throws Exception {
    postgres.execute(
        "INSERT INTO monitored_repositories (job, api_url, repository) VALUES"
            + " ('slow', 'https://api.github.com', 'acme/web'),"
            + " ('gone', 'https://api.github.com', 'acme/web')");

    assertThat(http.post("/api/conf/reload", "").status()).isEqualTo(200);

    assertThat(postgres.queryString("SELECT string_agg(job, ',') FROM monitored_repositories"))
        .as("slow is in jobs.yaml, gone is not")
        .isEqualTo("slow");
  }

  @Test
  @Order(5)
  void aChangedSchedulerYamlIsReportedAsNeedingARestart() throws Exception {
    Files.writeString(
        conf.resolve("scheduler.yaml"),
        Files.readString(conf.resolve("scheduler.yaml")).replace("threads: 4", "threads: 5"));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> http.get("/api/conf").body().path("restartRequired").asBoolean());
  }

  private static String metrics() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + node.get(HttpServerService.class).port()
                            + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
