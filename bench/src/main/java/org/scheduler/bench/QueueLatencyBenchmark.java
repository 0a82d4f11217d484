package org.scheduler.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.scheduler.db.EmbeddedPostgresServer;

/**
 * Light steady load, the latency a user sees: messages enqueued at a fixed rate, each handled by
 * the built-in {@code webhook} handler, which posts it to a receiver in this process. Two ways in:
 * {@code http}, round robin over the nodes' enqueue API, and {@code sql}, a plain insert by another
 * program (no node hears of it but through the database). Latency is from just before the enqueue
 * is sent to the webhook's arrival (one clock: this JVM's), so it includes the enqueue itself and
 * the handler's own POST. Each application jar given runs the same load on a fresh database, one
 * after the other in one run.
 *
 * <pre>
 * mvn -q package -DskipTests
 * java -cp bench/target/bench.jar org.scheduler.bench.QueueLatencyBenchmark
 *     [--baseline-jar old-scheduler-app.jar] [--nodes 3] [--rate 100] [--seconds 30]
 *     [--via http,sql] [--warm-up 60]
 * </pre>
 */
public final class QueueLatencyBenchmark {
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
  private static final ObjectMapper json = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    Map<String, String> options = BenchOptions.parse(args, Set.of());
    Path appJar =
        Path.of(options.getOrDefault("--app-jar", "scheduler-app/target/scheduler-app.jar"))
            .toAbsolutePath();
    int nodes = Integer.parseInt(options.getOrDefault("--nodes", "3"));
    int rate = Integer.parseInt(options.getOrDefault("--rate", "100"));
    int seconds = Integer.parseInt(options.getOrDefault("--seconds", "30"));
    int warmUp = Integer.parseInt(options.getOrDefault("--warm-up", "60"));
    List<String> ways = List.of(options.getOrDefault("--via", "http,sql").split(","));
    Path work = Files.createTempDirectory("latency-bench");
    System.out.println("work directory (conf, node logs): " + work);
    List<String[]> settings = new ArrayList<>();
    if (options.containsKey("--baseline-jar")) {
      settings.add(
          new String[] {"baseline", Path.of(options.get("--baseline-jar")).toAbsolutePath() + ""});
    }
    settings.add(new String[] {"this build", appJar.toString()});
    System.out.printf(
        "%d nodes, %d messages/s for %d s (after %d s warm-up), webhook handler%n",
        nodes, rate, seconds, warmUp);
    System.out.printf(
        "%-12s %-5s %8s %6s %10s %10s %10s %10s%n",
        "build", "via", "sent", "lost", "p50", "p90", "p99", "max");
    try (EmbeddedPostgresServer server =
        EmbeddedPostgresServer.start(work.resolve("postgres"), 0)) {
      int run = 0;
      for (String via : ways) {
        for (String[] setting : settings) {
          run++;
          String url = freshDatabase(server, "latency_bench_" + run);
          long[] latencies =
              run(Path.of(setting[1]), work, "run" + run, url, via, nodes, rate, warmUp, seconds);
          print(setting[0], via, rate * seconds, latencies);
        }
      }
    }
  }

  private static long[] run(
      Path appJar,
      Path work,
      String label,
      String url,
      String via,
      int nodeCount,
      int rate,
      int warmUpSeconds,
      int seconds)
      throws Exception {
    ConcurrentLinkedQueue<long[]> arrivals = new ConcurrentLinkedQueue<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
    receiver.createContext(
        "/",
        exchange -> {
          long arrived = System.nanoTime();
          try (InputStream body = exchange.getRequestBody()) {
            var payload = json.readTree(body);
            arrivals.add(
                new long[] {payload.path("n").asLong(), payload.path("sentAt").asLong(), arrived});
            exchange.sendResponseHeaders(200, -1);
          } finally {
            exchange.close();
          }
        });
    ExecutorService receiverThreads = Executors.newFixedThreadPool(8);
    receiver.setExecutor(receiverThreads);
    receiver.start();
    String queues =
        """
        latency:
          concurrency: 4
          webhook:
            url: http://127.0.0.1:%d/hook
        """
            .formatted(receiver.getAddress().getPort());
    List<BenchNode> nodes = new ArrayList<>();
    try {
      for (int n = 1; n <= nodeCount; n++) {
        nodes.add(
            BenchNode.start(
                appJar, work, label + "-n" + n, url, "jobs: []\n", "threads: 4\n", queues));
      }
      for (BenchNode node : nodes) {
        node.awaitReady(READY_TIMEOUT);
      }
      List<URI> enqueue = new ArrayList<>();
      for (BenchNode node : nodes) {
        enqueue.add(node.uri("/api/queues/latency/messages"));
      }
      int warmUp = rate * warmUpSeconds;
      int total = warmUp + rate * seconds;
      if (via.equals("sql")) {
        insert(url, rate, total);
      } else {
        send(enqueue, rate, total);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (arrivals.size() < total && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      return arrivals.stream()
          .filter(arrival -> arrival[0] >= warmUp)
          .mapToLong(arrival -> arrival[2] - arrival[1])
          .sorted()
          .toArray();
    } finally {
      for (BenchNode node : nodes) {
        node.close();
      }
      receiver.stop(0);
      receiverThreads.shutdownNow();
    }
  }

  /**
   * Sends {@code total} messages at {@code rate} per second, each on time, round robin, one kept
   * connection per node, each request on a thread of its own so a slow answer delays no other.
   */
  private static void send(List<URI> enqueue, int rate, int total) throws Exception {
    List<ExecutorService> senders = new ArrayList<>();
    List<KeepAliveHttp> connections = new ArrayList<>();
    for (URI uri : enqueue) {
      senders.add(Executors.newSingleThreadExecutor());
      connections.add(new KeepAliveHttp(uri));
    }
    AtomicInteger failed = new AtomicInteger();
    ConcurrentLinkedQueue<Long> answered = new ConcurrentLinkedQueue<>();
    List<Future<?>> pending = new ArrayList<>();
    long start = System.nanoTime();
    for (int n = 0; n < total; n++) {
      awaitTurn(start, n, rate);
      int message = n;
      int node = n % enqueue.size();
      pending.add(
          senders
              .get(node)
              .submit(
                  () -> {
                    long sentAt = System.nanoTime();
                    String body =
                        "{\"type\":\"webhook\",\"payload\":{\"n\":%d,\"sentAt\":%d}}"
                            .formatted(message, sentAt);
                    if (connections.get(node).post(body) >= 300) {
                      failed.incrementAndGet();
                    }
                    answered.add(System.nanoTime() - sentAt);
                    return null;
                  }));
    }
    for (Future<?> each : pending) {
      try {
        each.get();
      } catch (ExecutionException e) {
        failed.incrementAndGet();
      }
    }
    senders.forEach(ExecutorService::shutdown);
    for (KeepAliveHttp connection : connections) {
      connection.close();
    }
    if (failed.get() > 0) {
      System.out.println(failed.get() + " enqueue request(s) failed");
    }
    long[] answers = answered.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(
        "  (enqueue requests answered after p50 %s, p99 %s)%n",
        millis(percentile(answers, 0.5)), millis(percentile(answers, 0.99)));
  }

  /** Inserts {@code total} messages at {@code rate} per second as another program would. */
  private static void insert(String url, int rate, int total) throws Exception {
    try (Connection connection = DriverManager.getConnection(url, "postgres", null);
        PreparedStatement statement =
            connection.prepareStatement(
                "INSERT INTO queue_messages (queue, type, payload, state)"
                    + " VALUES ('latency', 'webhook', ?::jsonb, 'ready')")) {
      long start = System.nanoTime();
      for (int n = 0; n < total; n++) {
        awaitTurn(start, n, rate);
        statement.setString(1, "{\"n\":%d,\"sentAt\":%d}".formatted(n, System.nanoTime()));
        statement.executeUpdate();
      }
    }
  }

  private static void awaitTurn(long start, int n, int rate) throws InterruptedException {
    long due = start + n * (1_000_000_000L / rate);
    long wait;
    while ((wait = due - System.nanoTime()) > 0) {
      if (wait > 2_000_000) {
        Thread.sleep((wait - 1_000_000) / 1_000_000);
      } else {
        Thread.onSpinWait();
      }
    }
  }

  private static void print(String build, String via, int sent, long[] latencies) {
    System.out.printf(
        "%-12s %-5s %8d %6d %10s %10s %10s %10s%n",
        build,
        via,
        sent,
        sent - latencies.length,
        millis(percentile(latencies, 0.50)),
        millis(percentile(latencies, 0.90)),
        millis(percentile(latencies, 0.99)),
        millis(latencies.length == 0 ? 0 : latencies[latencies.length - 1]));
  }

  private static long percentile(long[] sorted, double fraction) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(fraction * sorted.length) - 1)];
  }

  private static String millis(long nanos) {
    return "%.1f ms".formatted(nanos / 1e6);
  }

  private static String freshDatabase(EmbeddedPostgresServer server, String name)
      throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), null);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return server.jdbcUrl(name);
  }
}
