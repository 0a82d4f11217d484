package org.scheduler.bench;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scheduler.db.EmbeddedPostgresServer;

/**
 * N jobs whose cron slots fall on the same second, on 1 and on 3 nodes (real processes of the
 * application jar) sharing one PostgreSQL, for each N. Prints, per run, from {@code job_runs}:
 * runs, distinct slots, duplicates, missed slots, misfires, and lateness (start minus slot) p50,
 * p99 and max; and how long applying the N-job jobs.yaml to an empty cluster, and re-applying it
 * unchanged, took. {@code --before} adds the same runs with Quartz's own acquisition settings (one
 * trigger per lock round trip, 30 s idle wait), and {@code --baseline-jar} the same runs with
 * another build of the application (an older commit's jar), for side-by-side comparisons in one
 * run.
 *
 * <pre>
 * mvn -q package -DskipTests
 * java -cp bench/target/bench.jar org.scheduler.bench.ScheduleBenchmark \
 *     [--jobs 1000,10000] [--nodes 1,3] [--threads 10] [--batch-size N] [--before] \
 *     [--app-jar scheduler-app/target/scheduler-app.jar] [--baseline-jar old/scheduler-app.jar]
 * </pre>
 *
 * The jobs are of type {@code enqueue} (one small insert each), 1,000 or fewer every 20 s and more
 * every minute, measured over 3 slots (2 above 1,000).
 */
public final class ScheduleBenchmark {
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

  private final EmbeddedPostgresServer server;
  private final Path work;
  private int database;

  private ScheduleBenchmark(EmbeddedPostgresServer server, Path work) {
    this.server = server;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = BenchOptions.parse(args, Set.of("--before"));
    Path appJar =
        Path.of(options.getOrDefault("--app-jar", "scheduler-app/target/scheduler-app.jar"))
            .toAbsolutePath();
    if (!Files.isReadable(appJar)) {
      throw new IllegalArgumentException(appJar + " not found: mvn -q package -DskipTests first");
    }
    int threads = Integer.parseInt(options.getOrDefault("--threads", "10"));
    List<Integer> sizes = integers(options.getOrDefault("--jobs", "1000,10000"));
    List<Integer> nodeCounts = integers(options.getOrDefault("--nodes", "1,3"));
    Path work = Files.createTempDirectory("schedule-bench");
    System.out.println("work directory (conf, node logs): " + work);
    try (EmbeddedPostgresServer server =
        EmbeddedPostgresServer.start(work.resolve("postgres"), 0)) {
      ScheduleBenchmark bench = new ScheduleBenchmark(server, work);
      List<Setting> settings = new ArrayList<>();
      String tuned =
          "threads: %d\n".formatted(threads)
              + (options.containsKey("--batch-size")
                  ? "batchSize: %s\n".formatted(options.get("--batch-size"))
                  : "");
      if (options.containsKey("--before")) {
        settings.add(
            new Setting(
                "before",
                appJar,
                "threads: %d\nbatchSize: 1\nidleWait: PT30S\n".formatted(threads)));
      }
      if (options.containsKey("--baseline-jar")) {
        Path baseline = Path.of(options.get("--baseline-jar")).toAbsolutePath();
        settings.add(new Setting("baseline", baseline, tuned));
      }
      settings.add(new Setting("tuned", appJar, tuned));
      for (int jobs : sizes) {
        for (int nodes : nodeCounts) {
          for (Setting setting : settings) {
            bench.run(jobs, nodes, setting);
          }
        }
      }
    }
  }

  /** What a run compares: a label, the application jar it runs, its quartz section. */
  private record Setting(String name, Path appJar, String quartzYaml) {}

  private void run(int jobs, int nodes, Setting setting) throws Exception {
    Path appJar = setting.appJar();
    String quartzYaml = setting.quartzYaml();
    String url = freshDatabase();
    int period = jobs <= 1000 ? 20 : 60;
    int slots = jobs <= 1000 ? 3 : 2;
    String label = "run" + database;
    List<BenchNode> started = new ArrayList<>();
    try {
      BenchNode first = BenchNode.start(appJar, work, label + "-n1", url, "jobs: []\n", quartzYaml);
      started.add(first);
      first.awaitReady(READY_TIMEOUT);

      // the N-job file, applied to the empty cluster and then again unchanged
      Files.writeString(work.resolve(label + "-n1").resolve("jobs.yaml"), jobsYaml(jobs, period));
      Duration apply = timedReload(first);
      Duration reapply = timedReload(first);

      List<BenchNode> others = new ArrayList<>();
      for (int n = 2; n <= nodes; n++) {
        BenchNode node =
            BenchNode.start(
                appJar, work, label + "-n" + n, url, jobsYaml(jobs, period), quartzYaml);
        others.add(node);
        started.add(node);
      }
      for (BenchNode node : others) {
        node.awaitReady(READY_TIMEOUT);
      }
      long triggers = queryLong(url, "SELECT count(*) FROM qrtz_triggers");

      Instant firstSlot = nextSlot(Instant.now().plusSeconds(5), period);
      Instant lastSlot = firstSlot.plusSeconds((long) period * (slots - 1));
      awaitRuns(url, lastSlot, jobs, Duration.ofSeconds(period));
      print(
          jobs,
          nodes,
          setting.name(),
          slots,
          apply,
          reapply,
          triggers,
          stats(url, firstSlot, lastSlot));
    } finally {
      for (BenchNode node : started) {
        node.close();
      }
    }
  }

  private static String jobsYaml(int jobs, int period) {
    StringBuilder yaml = new StringBuilder("jobs:\n");
    String cron = period == 60 ? "0 * * * * ?" : "0/" + period + " * * * * ?";
    for (int i = 0; i < jobs; i++) {
      yaml.append("  - name: bench-")
          .append(i)
          .append("\n    type: enqueue\n    cron: \"")
          .append(cron)
          .append("\"\n    params: {queue: bench, type: tick}\n");
    }
    return yaml.toString();
  }

  private static Duration timedReload(BenchNode node) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = node.send("POST", "/api/conf/reload");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("reload answered " + response.body());
    }
    return took;
  }

  private static Instant nextSlot(Instant after, int period) {
    long seconds = (after.getEpochSecond() / period + 1) * period;
    return Instant.ofEpochSecond(seconds);
  }

  /** Until the last slot has all its runs, or one period after it at the latest. */
  private static void awaitRuns(String url, Instant lastSlot, int jobs, Duration grace)
      throws Exception {
    Instant deadline = lastSlot.plus(grace);
    while (Instant.now().isBefore(deadline)) {
      if (Instant.now().isAfter(lastSlot) && runsOf(url, lastSlot) >= jobs) {
        return;
      }
      Thread.sleep(500);
    }
  }

  private record Stats(
      long runs, long distinct, long misfires, double p50, double p99, double max) {}

  private static Stats stats(String url, Instant from, Instant to) throws SQLException {
    String sql =
        "SELECT count(*) FILTER (WHERE outcome <> 'MISFIRED'),"
            + " count(DISTINCT (job_name, scheduled_at)) FILTER (WHERE outcome <> 'MISFIRED'),"
            + " count(*) FILTER (WHERE outcome = 'MISFIRED'),"
            + " percentile_cont(0.5) WITHIN GROUP (ORDER BY lateness) FILTER (WHERE ran),"
            + " percentile_cont(0.99) WITHIN GROUP (ORDER BY lateness) FILTER (WHERE ran),"
            + " max(lateness) FILTER (WHERE ran)"
            + " FROM (SELECT *, extract(epoch FROM started_at - scheduled_at) * 1000 AS lateness,"
            + "   outcome <> 'MISFIRED' AS ran"
            + "   FROM job_runs WHERE scheduled_at BETWEEN ? AND ?) r";
    try (Connection connection = DriverManager.getConnection(url, "postgres", null);
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setTimestamp(1, Timestamp.from(from));
      statement.setTimestamp(2, Timestamp.from(to));
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return new Stats(
            row.getLong(1),
            row.getLong(2),
            row.getLong(3),
            row.getDouble(4),
            row.getDouble(5),
            row.getDouble(6));
      }
    }
  }

  private static long runsOf(String url, Instant slot) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, "postgres", null);
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT count(*) FROM job_runs WHERE scheduled_at = ? AND outcome <> 'MISFIRED'")) {
      statement.setTimestamp(1, Timestamp.from(slot));
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private static void print(
      int jobs,
      int nodes,
      String setting,
      int slots,
      Duration apply,
      Duration reapply,
      long triggers,
      Stats stats) {
    long expected = (long) jobs * slots;
    System.out.printf(
        "%n%,d same-second jobs, %d node(s), %s acquisition: %d slots each%n",
        jobs, nodes, setting, slots);
    System.out.printf(
        "| runs | distinct slots | duplicates | missed | misfires | lateness p50 | p99 | max |%n");
    System.out.printf(
        "| %,d | %,d | %,d | %,d | %,d | %.0f ms | %.0f ms | %.0f ms |%n",
        stats.runs(),
        stats.distinct(),
        stats.runs() - stats.distinct(),
        expected - stats.distinct(),
        stats.misfires(),
        stats.p50(),
        stats.p99(),
        stats.max());
    System.out.printf(
        "apply to an empty cluster %.1f s, re-apply unchanged %.2f s, triggers stored %,d%n",
        apply.toMillis() / 1000.0, reapply.toMillis() / 1000.0, triggers);
  }

  private String freshDatabase() throws SQLException {
    database++;
    String name = "schedule_bench_" + database;
    try (Connection connection =
            DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), null);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return server.jdbcUrl(name);
  }

  private static long queryLong(String url, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, "postgres", null);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  private static List<Integer> integers(String list) {
    List<Integer> values = new ArrayList<>();
    for (String value : list.split(",")) {
      values.add(Integer.parseInt(value.trim()));
    }
    return values;
  }
}
