package org.scheduler.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The webhook the soak's queue posts to: records every delivery, by message id. */
final class SoakReceiver implements AutoCloseable {
  /** One delivery: its attempt, when it arrived, and when its message was enqueued. */
  record Delivery(int attempt, long receivedAt, long sentAt) {}

  private static final ObjectMapper json = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(16);
  private final Map<Long, List<Delivery>> deliveries = new ConcurrentHashMap<>();

  private SoakReceiver(HttpServer server) {
    this.server = server;
  }

  static SoakReceiver start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
    SoakReceiver receiver = new SoakReceiver(server);
    server.createContext(
        "/",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            long id = Long.parseLong(exchange.getRequestHeaders().getFirst("X-Message-Id"));
            int attempt =
                Integer.parseInt(exchange.getRequestHeaders().getFirst("X-Message-Attempt"));
            long sentAt = json.readTree(body).path("sentAt").asLong();
            receiver
                .deliveries
                .computeIfAbsent(
                    id, key -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(new Delivery(attempt, System.currentTimeMillis(), sentAt));
            exchange.sendResponseHeaders(200, -1);
          } catch (RuntimeException e) {
            exchange.sendResponseHeaders(400, -1);
          } finally {
            exchange.close();
          }
        });
    server.setExecutor(receiver.threads);
    server.start();
    return receiver;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  int deliveredCount() {
    return deliveries.size();
  }

  Map<Long, List<Delivery>> deliveries() {
    return deliveries;
  }

  /** Waits until every id in {@code expected} arrived, or {@code timeout} passed. */
  void awaitAll(Set<Long> expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && !deliveries.keySet().containsAll(expected)) {
      Thread.sleep(500);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
