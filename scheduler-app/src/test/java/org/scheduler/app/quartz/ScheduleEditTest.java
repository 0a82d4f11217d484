package org.scheduler.app.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scheduler.app.bootstrap.Node;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.scheduler.app.http.HttpServerService;
import org.scheduler.app.testing.Http;
import org.scheduler.app.testing.TestConf;
import org.scheduler.db.testing.PostgresExtension;

/**
 * Every kind of edit of jobs.yaml, applied to a running node and to a stopped one: afterwards every
 * enabled job fires on its new schedule, the API lists every job, and no trigger is left that
 * Quartz cannot load.
 */
class ScheduleEditTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path conf;

  /** A sentinel that fires every second through every edit, and the job being edited. */
  private static final String SENTINEL =
      "jobs:\n  - name: sentinel\n    type: noop\n    every: PT1S\n";

  /** Each edit of the job {@code beat}, as the whole file after it; null marks a removal. */
  private static final List<Edit> EDITS =
      List.of(
          new Edit("cron to every", "beat", "    every: PT1S\n"),
          new Edit("interval", "beat", "    every: PT2S\n"),
          new Edit("every to cron", "beat", "    cron: \"* * * * * ?\"\n"),
          new Edit("cron expression", "beat", "    cron: \"*/2 * * * * ?\"\n"),
          new Edit("time zone", "beat", "    cron: \"*/2 * * * * ?\"\n    timeZone: Asia/Tokyo\n"),
          new Edit("misfire policy", "beat", "    every: PT1S\n    misfire: skip\n"),
          new Edit("params", "beat", "    every: PT1S\n    params:\n      note: edited\n"),
          new Edit("disabled", "beat", "    every: PT1S\n    enabled: false\n"),
          new Edit("enabled again", "beat", "    cron: \"* * * * * ?\"\n"),
          new Edit("renamed", "beat2", "    cron: \"* * * * * ?\"\n"),
          new Edit("removed", null, ""));

  private record Edit(String what, String job, String schedule) {
    String yaml() {
      return job == null
          ? SENTINEL
          : SENTINEL + "  - name: " + job + "\n    type: noop\n" + schedule;
    }

    boolean enabled() {
      return job != null && !schedule.contains("enabled: false");
    }
  }

  private static final String FIRST =
      SENTINEL + "  - name: beat\n    type: noop\n    cron: \"*/2 * * * * ?\"\n";

  private Node node;
  private Http http;

  @BeforeEach
  void clearSchedule() {
    postgres.execute(
        "DELETE FROM qrtz_simple_triggers",
        "DELETE FROM qrtz_cron_triggers",
        "DELETE FROM qrtz_triggers",
        "DELETE FROM qrtz_job_details",
        "DELETE FROM job_runs");
  }

  @AfterEach
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void everyEditOfARunningNodeLeavesEveryJobFiring() throws Exception {
    start(FIRST);
    assertFiresAfter(Instant.now(), "sentinel", "beat");

    for (Edit edit : EDITS) {
      Instant edited = Instant.now();
      Files.writeString(conf.resolve("jobs.yaml"), edit.yaml());
      Http.Response reload = http.post("/api/conf/reload", "");
      assertThat(reload.status()).as(edit.what()).isEqualTo(200);

      assertAppliedAndFiring(edit, edited);
    }
  }

  @Test
  void everyEditMadeWhileTheNodeIsStoppedAppliesAtStart() throws Exception {
    start(FIRST);
    assertFiresAfter(Instant.now(), "sentinel", "beat");

    for (Edit edit : EDITS) {
      node.close();
      node = null;
      Files.writeString(conf.resolve("jobs.yaml"), edit.yaml());
      Instant edited = Instant.now();
      node = Node.assemble(conf, new EnvSubstitution(Map.of())).start();
      http = new Http(node.get(HttpServerService.class).port());

      assertAppliedAndFiring(edit, edited);
    }
  }

  @Test
  void aPausedJobStaysPausedThroughEditsAndNeverFires() throws Exception {
    start(FIRST);
    assertFiresAfter(Instant.now(), "beat");
    assertThat(http.post("/api/jobs/beat/pause", "").status()).isEqualTo(200);
    Instant paused = Instant.now();

    for (Edit edit : EDITS.subList(0, 9)) {
      Files.writeString(conf.resolve("jobs.yaml"), edit.yaml());
      assertThat(http.post("/api/conf/reload", "").status()).as(edit.what()).isEqualTo(200);
      if (edit.enabled()) {
        assertThat(job("beat").path("paused").asBoolean()).as(edit.what()).isTrue();
      }
    }
    // a sentinel slot two seconds after the last edit: beat had two slots to fire in
    assertFiresAfter(Instant.now().plusSeconds(2), "sentinel");
    assertThat(runsAfter("beat", paused.plusMillis(100))).isZero();

    assertThat(http.post("/api/jobs/beat/resume", "").status()).isEqualTo(200);
    assertFiresAfter(Instant.now(), "beat");
  }

  @Test
  void aTriggerBrokenByHandIsRepairedWhileTheOthersKeepFiring() throws Exception {
    start(SENTINEL + "  - name: beat\n    type: noop\n    every: PT1S\n");
    assertFiresAfter(Instant.now(), "sentinel", "beat");

    // what Quartz's in-place replace of a cron trigger by an interval one used to leave behind: the
    // trigger row says SIMPLE, and its details sit in the cron table
    postgres.execute(
        "DELETE FROM qrtz_simple_triggers WHERE trigger_name = 'beat'",
        "INSERT INTO qrtz_cron_triggers (sched_name, trigger_name, trigger_group, cron_expression,"
            + " time_zone_id) VALUES ('scheduler', 'beat', 'conf', '* * * * * ?', 'UTC')");
    Instant broken = Instant.now();

    // the repair waits for a second look at the broken trigger, seconds away: the API shows it now
    Http.Response jobs = http.get("/api/jobs");
    assertThat(jobs.status()).isEqualTo(200);
    assertThat(job(jobs.body(), "beat").path("error").asText()).contains("qrtz_simple_triggers");
    assertThat(job(jobs.body(), "sentinel").has("error")).isFalse();
    assertThat(http.get("/api/cluster").body().path("brokenTriggers").toString()).contains("beat");
    // readiness looks every few seconds, and warns without taking the node out of service
    await("readiness warns")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> http.get("/health/ready").body().path("warnings").has("schedule"));
    JsonNode ready = http.get("/health/ready").body();
    assertThat(ready.path("warnings").path("schedule").asText()).contains("beat");

    // the others keep firing, and the next reconcile rebuilds it
    assertFiresAfter(broken.plusSeconds(1), "sentinel");
    await("repaired")
        .atMost(Duration.ofSeconds(30))
        .until(() -> new StoredSchedule(postgres.dataSource()).brokenTriggers().isEmpty());
    assertFiresAfter(Instant.now(), "sentinel", "beat");
    assertThat(http.get("/api/jobs").status()).isEqualTo(200);
  }

  private void start(String jobsYaml) throws Exception {
    TestConf.write(conf, postgres.jdbcUrl(), 0, jobsYaml);
    node = Node.assemble(conf, new EnvSubstitution(Map.of())).start();
    http = new Http(node.get(HttpServerService.class).port());
  }

  /** The API lists every job without error, nothing stored is broken, enabled jobs fire again. */
  private void assertAppliedAndFiring(Edit edit, Instant edited) throws Exception {
    assertEveryJobListedWithoutError(edit);
    assertThat(new StoredSchedule(postgres.dataSource()).brokenTriggers())
        .as(edit.what())
        .isEmpty();
    if (edit.enabled()) {
      assertFiresAfter(edited, "sentinel", edit.job());
    } else {
      assertFiresAfter(edited, "sentinel");
    }
  }

  private void assertEveryJobListedWithoutError(Edit edit) {
    Http.Response jobs = http.get("/api/jobs");
    assertThat(jobs.status()).as(edit.what()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    for (JsonNode job : jobs.body().path("jobs")) {
      names.add(job.path("name").asText());
      assertThat(job.has("error")).as(edit.what() + ": " + job).isFalse();
    }
    List<String> expected =
        edit.job() == null ? List.of("sentinel") : List.of(edit.job(), "sentinel");
    assertThat(names).as(edit.what()).containsExactlyElementsOf(expected);
    if (edit.job() != null) {
      assertThat(job(jobs.body(), edit.job()).path("enabled").asBoolean())
          .as(edit.what())
          .isEqualTo(edit.enabled());
    }
  }

  private JsonNode job(String name) {
    return job(http.get("/api/jobs").body(), name);
  }

  private static JsonNode job(JsonNode jobs, String name) {
    for (JsonNode job : jobs.path("jobs")) {
      if (job.path("name").asText().equals(name)) {
        return job;
      }
    }
    throw new AssertionError("no job " + name + " in " + jobs);
  }

  /** Each job has a run that was scheduled for a slot after {@code after}. */
  private static void assertFiresAfter(Instant after, String... jobs) {
    for (String job : jobs) {
      await(job + " fires after " + after)
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> runsAfter(job, after) > 0);
    }
  }

  private static long runsAfter(String job, Instant after) {
    return postgres.queryLong(
        "SELECT count(*) FROM job_runs WHERE outcome <> 'MISFIRED' AND job_name = '"
            + job
            + "' AND scheduled_at > '"
            + Timestamp.from(after).toInstant()
            + "'");
  }
}
