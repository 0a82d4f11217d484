package org.scheduler.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The soak's nodes: started from the application jar, killed, drained and started again. */
final class SoakCluster implements AutoCloseable {
  /** A cron job every second, for slots run twice or missed; its messages go nowhere. */
  private static final String JOBS =
      """
      jobs:
        - name: tick
          type: enqueue
          cron: "* * * * * ?"
          params:
            queue: ticks
            type: tick
            payload: {}
      """;

  private final Path appJar;
  private final Path work;
  private final String jdbcUrl;
  private final String queues;
  private final List<BenchNode> nodes = new ArrayList<>();

  SoakCluster(Path appJar, Path work, String jdbcUrl, int count, String webhook) {
    this.appJar = appJar;
    this.work = work;
    this.jdbcUrl = jdbcUrl;
    this.queues =
        """
        soak:
          concurrency: 2
          pollInterval: PT0.1S
          webhook:
            url: %s
        ticks:
          concurrency: 0
        """
            .formatted(webhook);
    for (int i = 0; i < count; i++) {
      nodes.add(null);
    }
  }

  void startAll() throws Exception {
    for (int i = 0; i < nodes.size(); i++) {
      nodes.set(i, start(i));
    }
  }

  /** A live node for a client request, or null while none is. */
  synchronized BenchNode any() {
    List<BenchNode> live = nodes.stream().filter(node -> node != null).toList();
    return live.isEmpty() ? null : live.get(ThreadLocalRandom.current().nextInt(live.size()));
  }

  Soak.SoakFaults.Fault killAndRestart(int index) throws Exception {
    return stopAndRestart(index, BenchNode::kill);
  }

  Soak.SoakFaults.Fault drainAndRestart(int index) throws Exception {
    return stopAndRestart(index, BenchNode::close);
  }

  /** How a node is stopped: SIGKILL or SIGTERM. */
  private interface Stop {
    void stop(BenchNode node) throws InterruptedException;
  }

  private Soak.SoakFaults.Fault stopAndRestart(int index, Stop stop) throws Exception {
    BenchNode node = take(index);
    Instant at = Instant.now();
    stop.stop(node);
    put(index, start(index));
    return new Soak.SoakFaults.Fault(at, name(index));
  }

  /** Every node's log, restarts included. */
  String logs() throws IOException {
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < nodes.size(); i++) {
      Path log = work.resolve(name(i) + ".log");
      if (Files.exists(log)) {
        all.append(Files.readString(log));
      }
    }
    return all.toString();
  }

  private synchronized BenchNode take(int index) {
    BenchNode node = nodes.get(index);
    nodes.set(index, null);
    return node;
  }

  private synchronized void put(int index, BenchNode node) {
    nodes.set(index, node);
  }

  private BenchNode start(int index) throws Exception {
    BenchNode node =
        BenchNode.start(appJar, work, name(index), jdbcUrl, JOBS, "threads: 4\n", queues);
    node.awaitReady(Duration.ofMinutes(2));
    return node;
  }

  private static String name(int index) {
    return "soak-n" + (index + 1);
  }

  @Override
  public void close() throws InterruptedException {
    for (int i = 0; i < nodes.size(); i++) {
      BenchNode node = take(i);
      if (node != null) {
        node.close();
      }
    }
  }
}
