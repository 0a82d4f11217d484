package org.scheduler.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.scheduler.app.quartz.QuartzSchedulerService;
import org.scheduler.app.testing.Http;
import org.scheduler.app.testing.RawHttp;
import org.scheduler.db.testing.PostgresExtension;

/** The admin API of a node with tokens: who may do what, and what the writes do. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminApiTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();
  @TempDir static Path conf;

  private static final String ADMIN = "admin-token-0123456789";
  private static final String READER = "read-token-0123456789";
  private static final String JOBS =
      """
      jobs:
        - name: hourly
          type: noop
          every: PT1H
      """;

  private static Node node;
  private static Http anonymous;

  @BeforeAll
  static void startNode() throws Exception {
    Files.writeString(
        conf.resolve("scheduler.yaml"),
        """
        node:
          drainDelay: PT0S
        http:
          host: 127.0.0.1
          port: 0
          adminToken: ${ADMIN_TOKEN}
          readToken: ${READ_TOKEN}
        database:
          url: %s
        """
            .formatted(postgres.jdbcUrl()));
    Files.writeString(conf.resolve("jobs.yaml"), JOBS);
    node =
        Node.assemble(conf, new EnvSubstitution(Map.of("ADMIN_TOKEN", ADMIN, "READ_TOKEN", READER)))
            .start();
    anonymous = new Http(node.get(HttpServerService.class).port());
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  @Order(1)
  void writesNeedTheAdminTokenAndReadsEitherToken() {
    assertThat(anonymous.get("/health/ready").status()).isEqualTo(200);
    assertThat(anonymous.get("/api/jobs").status()).isEqualTo(401);
    assertThat(anonymous.withToken("wrong-token-0123456789").get("/api/jobs").status())
        .isEqualTo(401);
    assertThat(anonymous.withToken(READER).get("/api/jobs").status()).isEqualTo(200);
    assertThat(anonymous.post("/api/jobs/hourly/pause", "").status()).isEqualTo(401);
    Http.Response forbidden = anonymous.withToken(READER).post("/api/jobs/hourly/pause", "");
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.body().path("error").path("message").asText()).contains("read-only token");
    assertThat(anonymous.withToken(ADMIN).get("/api/jobs").status()).isEqualTo(200);
    assertThat(anonymous.withToken(ADMIN).post("/api/jobs/nope/pause", "").status()).isEqualTo(404);
  }

  @Test
  @Order(1)
  void refusalsNameTheSchemeAndTheSchemeIsCaseInsensitive() {
    int port = node.get(HttpServerService.class).port();
    RawHttp.Response refused = RawHttp.send(port, "GET /api/jobs HTTP/1.1\r\nHost: localhost");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.header("www-authenticate")).startsWith("Bearer");
    assertThat(refused.json().path("error").path("code").asText()).isEqualTo("unauthorized");
    for (String scheme : new String[] {"bearer", "BEARER", "Bearer"}) {
      assertThat(
              RawHttp.send(
                      port,
                      "GET /api/jobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                          + scheme
                          + " "
                          + READER)
                  .status())
          .as(scheme)
          .isEqualTo(200);
    }
  }

  @Test
  @Order(1)
  void withATokenForeignOriginsAndHostsAreServed() {
    // a browser never attaches the bearer token by itself, so a page cannot forge these
    int port = node.get(HttpServerService.class).port();
    RawHttp.Response read =
        RawHttp.send(
            port,
            "GET /api/jobs HTTP/1.1\r\nHost: scheduler.example.com\r\n"
                + "Origin: https://dashboard.example.com\r\nAuthorization: Bearer "
                + READER);
    assertThat(read.status()).isEqualTo(200);
    RawHttp.Response write =
        RawHttp.send(
            port,
            "POST /api/jobs/nope/pause HTTP/1.1\r\nHost: scheduler.example.com\r\n"
                + "Origin: https://dashboard.example.com\r\nContent-Type: application/json\r\n"
                + "Content-Length: 0\r\nAuthorization: Bearer "
                + ADMIN);
    assertThat(write.status()).isEqualTo(404);
  }

  @Test
  @Order(2)
  void pauseHoldsAcrossAReconcileAndResumeLiftsIt() throws Exception {
    Http admin = anonymous.withToken(ADMIN);
    assertThat(admin.post("/api/jobs/hourly/pause", "").status()).isEqualTo(200);
    assertThat(job(admin, "hourly").path("paused").asBoolean()).isTrue();

    // an edit of the job's definition reschedules it; the pause stays
    Files.writeString(conf.resolve("jobs.yaml"), JOBS.replace("PT1H", "PT2H"));
    node.get(QuartzSchedulerService.class)
        .apply(node.get(org.scheduler.app.conf.JobsConfLoader.class).load());
    assertThat(job(admin, "hourly").path("trigger").asText()).isEqualTo("every PT2H");
    assertThat(job(admin, "hourly").path("paused").asBoolean()).isTrue();

    assertThat(admin.post("/api/jobs/hourly/resume", "").status()).isEqualTo(200);
    assertThat(job(admin, "hourly").path("paused").asBoolean()).isFalse();
  }

  @Test
  @Order(3)
  void runNowRunsTheJobOnce() {
    Http admin = anonymous.withToken(ADMIN);
    assertThat(admin.post("/api/jobs/hourly/run", "").status()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> admin.get("/api/jobs/hourly/runs").body().path("runs").size() == 1);
    assertThat(
            admin.get("/api/jobs/hourly/runs").body().path("runs").get(0).path("outcome").asText())
        .isIn("RUNNING", "SUCCEEDED");
    // and once only: the count holds for two more seconds
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> admin.get("/api/jobs/hourly/runs").body().path("runs").size() == 1);
  }

  @Test
  @Order(4)
  void drainTurnsReadinessOffAndStandsTheSchedulerBy() {
    Http admin = anonymous.withToken(ADMIN);
    assertThat(admin.post("/api/node/drain", "").status()).isEqualTo(202);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                anonymous
                    .get("/health/ready")
                    .body()
                    .path("checks")
                    .path("scheduler")
                    .asText()
                    .equals("scheduler not started"));
    Http.Response ready = anonymous.get("/health/ready");
    assertThat(ready.status()).isEqualTo(503);
    assertThat(ready.body().path("checks").path("draining").asText()).isEqualTo("node is draining");
    assertThat(anonymous.get("/health/live").status()).isEqualTo(200);
  }

  private static JsonNode job(Http http, String name) {
    for (JsonNode job : http.get("/api/jobs").body().path("jobs")) {
      if (job.path("name").asText().equals(name)) {
        return job;
      }
    }
    throw new AssertionError("no job " + name);
  }
}
