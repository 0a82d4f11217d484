package org.scheduler.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scheduler.db.EmbeddedPostgresServer;

/**
 * N nodes on one PostgreSQL under steady enqueue load, with faults on a loop: SIGKILL a node and
 * start it again, restart PostgreSQL, drain a node (SIGTERM) and start it again. At the end it
 * prints what was accepted, delivered, lost, delivered twice (by the fault that explains it), dead,
 * cron slots run twice or missed, recoveries beyond the nodes killed, and enqueue-to-delivery
 * latency. Deliveries are counted by a webhook receiver in this process, outside the server.
 *
 * <pre>
 * mvn -q package -DskipTests
 * java -cp bench/target/bench.jar org.scheduler.bench.Soak \
 *   --app scheduler-app/target/scheduler-app.jar --nodes 3 --duration PT30M --rate 200 \
 *   --fault-every PT45S [--work target/soak]
 * </pre>
 */
public final class Soak {
  private final Map<String, String> options;
  private final Path appJar;
  private final Path work;
  private final int nodeCount;
  private final SoakFaults faults = new SoakFaults();

  private Soak(Map<String, String> options) {
    this.options = options;
    this.appJar =
        Path.of(options.getOrDefault("--app", "scheduler-app/target/scheduler-app.jar"))
            .toAbsolutePath();
    this.work = Path.of(options.getOrDefault("--work", "target/soak")).toAbsolutePath();
    this.nodeCount = Integer.parseInt(options.getOrDefault("--nodes", "3"));
  }

  public static void main(String[] args) throws Exception {
    new Soak(BenchOptions.parse(args, Set.of())).run();
  }

  private void run() throws Exception {
    Duration duration = Duration.parse(options.getOrDefault("--duration", "PT5M"));
    Duration faultEvery = Duration.parse(options.getOrDefault("--fault-every", "PT45S"));
    int rate = Integer.parseInt(options.getOrDefault("--rate", "200"));
    Files.createDirectories(work);
    Path data = work.resolve("postgres");
    try (SoakReceiver receiver = SoakReceiver.start()) {
      EmbeddedPostgresServer[] postgres = {EmbeddedPostgresServer.start(data, 0)};
      int port = postgres[0].port();
      String url = postgres[0].jdbcUrl("postgres");
      SoakCluster cluster = new SoakCluster(appJar, work, url, nodeCount, receiver.url());
      try {
        cluster.startAll();
        SoakLoad load = new SoakLoad(cluster, rate);
        Instant start = Instant.now();
        load.start();
        int round = 0;
        while (Duration.between(start, Instant.now()).compareTo(duration) < 0) {
          Thread.sleep(Math.min(faultEvery.toMillis(), remaining(start, duration)));
          if (Duration.between(start, Instant.now()).compareTo(duration) >= 0) {
            break;
          }
          // the kind cycles every fault, the node every cycle, so every node meets every kind
          int target = (round / 3) % nodeCount;
          switch (round++ % 3) {
            case 0 -> faults.record("node kill", cluster.killAndRestart(target));
            case 1 -> {
              Instant at = Instant.now();
              postgres[0].close();
              postgres[0] = EmbeddedPostgresServer.start(data, port);
              faults.record("database restart", new SoakFaults.Fault(at, "postgres"));
            }
            default -> faults.record("drain", cluster.drainAndRestart((target + 1) % nodeCount));
          }
          System.err.printf(
              "%s: %s; accepted %,d, delivered %,d%n",
              Duration.between(start, Instant.now()).withNanos(0),
              faults.last(),
              load.accepted().size(),
              receiver.deliveredCount());
        }
        load.stop();
        System.err.println("load stopped; waiting for the queue to drain");
        receiver.awaitAll(load.accepted(), Duration.ofMinutes(3));
        SoakReport report =
            new SoakReport(load, receiver, faults, cluster, new SoakDatabase(postgres[0]));
        report.print(System.out, Duration.between(start, Instant.now()));
      } finally {
        cluster.close();
        postgres[0].close();
      }
    }
  }

  private static long remaining(Instant start, Duration duration) {
    return Math.max(1, duration.minus(Duration.between(start, Instant.now())).toMillis());
  }

  /** The faults made, in order, so duplicates can be traced to the one that explains them. */
  static final class SoakFaults {
    record Fault(Instant at, String target) {}

    private final List<String> kinds = new ArrayList<>();
    private final List<Fault> list = new ArrayList<>();

    synchronized void record(String kind, Fault fault) {
      kinds.add(kind);
      list.add(fault);
    }

    synchronized String last() {
      return kinds.isEmpty()
          ? "none"
          : kinds.get(kinds.size() - 1) + " " + list.get(list.size() - 1).target();
    }

    /**
     * The fault that explains a message delivered at {@code first} and again at {@code again}: a
     * node kill between the two if there was one (its messages come back when their lease ends),
     * else a drain, else a database restart; "no fault" when none happened in between.
     */
    synchronized String explain(Instant first, Instant again) {
      for (String kind : List.of("node kill", "drain", "database restart")) {
        for (int i = 0; i < list.size(); i++) {
          Instant at = list.get(i).at();
          if (kinds.get(i).equals(kind)
              && !at.isBefore(first.minusSeconds(1))
              && !at.isAfter(again)) {
            return kind;
          }
        }
      }
      return "no fault";
    }

    synchronized long count(String kind) {
      return kinds.stream().filter(kind::equals).count();
    }
  }
}
