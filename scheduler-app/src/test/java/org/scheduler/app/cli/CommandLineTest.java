package org.scheduler.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scheduler.app.Main;
import org.scheduler.app.testing.TestConf;
import org.scheduler.db.testing.PostgresExtension;

class CommandLineTest {
  @RegisterExtension static final PostgresExtension postgres = PostgresExtension.withoutSchema();

  @TempDir Path directory;

  private record Run(int exitCode, String out, String err) {}

  @Test
  void confCheckListsEveryErrorWithItsLineAndExitsOne() throws Exception {
    TestConf.write(
        directory,
        postgres.jdbcUrl(),
        0,
        """
        jobs:
          - name: nightly
            type: cleanup
            cron: "0 25 * * *"
          - name: mystery
            type: reticulate
            every: PT1M
          - name: nightly
            type: cleanup
            every: PT1H
        """);

    Run run = run("conf", "check", "--conf", directory.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("jobs.yaml:4: job 'nightly': cron '0 25 * * *' is invalid: hour value 25")
        .contains("jobs.yaml:6: job 'mystery': unknown type 'reticulate'")
        .contains("jobs.yaml:8: job name 'nightly' is used twice (first on line 2)")
        .contains("3 error(s)");
  }

  @Test
  void confCheckReportsSchedulerYamlErrorsTogetherWithJobErrors() throws Exception {
    TestConf.write(directory, postgres.jdbcUrl(), 0, "- name: a\n  type: nope\n  every: PT1M\n");
    Files.writeString(directory.resolve("scheduler.yaml"), "http:\n  prot: 80\n");

    Run run = run("conf", "check", "--conf", directory.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("scheduler.yaml:2: unknown key 'http.prot' (did you mean 'port'?)")
        .contains("jobs.yaml:2: job 'a': unknown type 'nope'");
  }

  @Test
  void confCheckPrintsTheNextFiveFireTimesInTheJobsTimeZone() throws Exception {
    TestConf.write(
        directory,
        postgres.jdbcUrl(),
        0,
        """
        - name: nightly
          type: cleanup
          cron: "30 2 * * *"
          timeZone: Europe/Berlin
        """);

    Run run = run("conf", "check", "--conf", directory.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains(
            "nightly (cleanup): cron 30 2 * * * (Quartz: 0 30 2 * * ?), time zone Europe/Berlin")
        .contains("1 job(s); configuration is valid.");
    assertThat(
            run.out()
                .lines()
                .filter(
                    line -> line.matches("  \\d{4}-\\d\\d-\\d\\d 02:30:00 .*\\[Europe/Berlin]")))
        .hasSize(5);
  }

  @Test
  void dbMigrateAppliesTheSchema() throws Exception {
    TestConf.write(directory, postgres.jdbcUrl(), 0, "jobs: []\n");

    Run run = run("db", "migrate", "--conf", directory.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Schema is up to date.");
    postgres.execute("SELECT 1 FROM qrtz_job_details", "SELECT 1 FROM job_runs");
  }

  @Test
  void enqueueAndQueueStatsWorkOnTheClustersDatabase() throws Exception {
    new org.scheduler.db.SchemaMigrator(postgres.dataSource()).migrate();
    TestConf.write(
        directory,
        postgres.jdbcUrl(),
        0,
        "node",
        "jobs: []\n",
        "queues:\n  mail:\n    concurrency: 0\n");
    Files.writeString(
        directory.resolve("messages.json"),
        "[{\"type\":\"send\",\"payload\":{\"to\":\"a\"}},{\"type\":\"send\",\"payload\":{\"to\":\"b\"},\"delay\":\"PT1H\"}]");

    Run one =
        run(
            "enqueue",
            "--conf",
            directory.toString(),
            "--queue",
            "mail",
            "--type",
            "send",
            "--payload",
            "{\"to\":\"c\"}",
            "--priority",
            "2",
            "--dedupe-key",
            "c");
    Run again =
        run(
            "enqueue",
            "--conf",
            directory.toString(),
            "--queue",
            "mail",
            "--type",
            "send",
            "--dedupe-key",
            "c");
    Run file =
        run(
            "enqueue",
            "--conf",
            directory.toString(),
            "--queue",
            "mail",
            "--file",
            directory.resolve("messages.json").toString());
    Run bad =
        run(
            "enqueue",
            "--conf",
            directory.toString(),
            "--queue",
            "mail",
            "--type",
            "send",
            "--payload",
            "{nope");
    Run unknown =
        run("enqueue", "--conf", directory.toString(), "--queue", "nope", "--type", "send");
    Run stats = run("queue", "stats", "--conf", directory.toString());

    assertThat(one.exitCode()).isZero();
    assertThat(again.out()).isEqualTo(one.out());
    assertThat(file.exitCode()).isZero();
    assertThat(file.out().lines()).hasSize(2);
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("--payload: not valid JSON").contains("nothing was enqueued");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("unknown queue 'nope'");
    assertThat(stats.exitCode()).isZero();
    assertThat(stats.out()).containsPattern("mail\\s+2\\s+1\\s+0\\s+0");
  }

  @Test
  void helpDescribesEveryCommand() throws Exception {
    Run run = run("--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("serve")
        .contains("conf")
        .contains("db")
        .contains("enqueue")
        .contains("queue");
    assertThat(run("conf", "check", "--help").out()).contains("--conf=DIR");
    assertThat(run("serve", "--help").out()).contains("--conf=DIR").contains("SIGTERM");
    assertThat(run("frobnicate").exitCode()).isEqualTo(2);
  }

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exitCode = Main.commandLine().execute(args);
      return new Run(
          exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }
}
