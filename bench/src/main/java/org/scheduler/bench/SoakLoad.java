package org.scheduler.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Steady enqueue load: every 100 ms an array of {@code rate / 10} messages to a random live node.
 * Only ids answered 201 count as accepted; a request that fails mid-fault is not retried.
 */
final class SoakLoad {
  private static final ObjectMapper json = new ObjectMapper();

  private final SoakCluster cluster;
  private final int perTick;
  private final Set<Long> accepted = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long refused;

  SoakLoad(SoakCluster cluster, int rate) {
    this.cluster = cluster;
    this.perTick = Math.max(1, rate / 10);
    this.thread = new Thread(this::loop, "soak-load");
  }

  void start() {
    thread.start();
  }

  void stop() throws InterruptedException {
    running = false;
    thread.join();
  }

  Set<Long> accepted() {
    return accepted;
  }

  long refused() {
    return refused;
  }

  private void loop() {
    long next = System.nanoTime();
    while (running) {
      next += 100_000_000L;
      send();
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void send() {
    BenchNode node = cluster.any();
    if (node == null) {
      refused += perTick;
      return;
    }
    StringBuilder body = new StringBuilder("[");
    String message =
        "{\"type\":\"webhook\",\"payload\":{\"sentAt\":" + System.currentTimeMillis() + "}}";
    for (int i = 0; i < perTick; i++) {
      body.append(i == 0 ? "" : ",").append(message);
    }
    try {
      HttpResponse<String> response = node.post("/api/queues/soak/messages", body + "]");
      if (response.statusCode() == 201) {
        for (JsonNode id : json.readTree(response.body()).path("ids")) {
          accepted.add(id.asLong());
        }
      } else {
        refused += perTick;
      }
    } catch (Exception e) {
      refused += perTick;
    }
  }
}
