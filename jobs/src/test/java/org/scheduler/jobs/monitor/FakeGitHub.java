package org.scheduler.jobs.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local HTTP server that answers {@code GET /repos/{owner}/{name}/pulls} the way the GitHub REST
 * API does: JSON shaped like GitHub's, newest first, {@code Link} pagination, {@code ETag} and
 * {@code If-None-Match}, and rate-limit headers from a budget the test controls. Scripted answers
 * (a 500, malformed JSON, a 429) are served first when queued.
 */
final class FakeGitHub implements AutoCloseable {
  private static final ObjectMapper json = new ObjectMapper();

  record Scripted(int status, String body, Map<String, String> headers) {}

  record Request(String path, String query, Map<String, String> headers) {}

  private final HttpServer server;
  private final Map<String, Map<Integer, ObjectNode>> pulls = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentLinkedQueue<Scripted>> scripted = new ConcurrentHashMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();
  final AtomicLong remaining = new AtomicLong(5000);
  volatile Instant reset = Instant.parse("2030-01-01T00:00:00Z");
  volatile int pageSize = 100;

  /** Repositories whose answers wait until their latch is released: a slow server. */
  final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();

  private final Set<String> archived = ConcurrentHashMap.newKeySet();

  private final AtomicLong clock =
      new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond());

  FakeGitHub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool()); // concurrent polls, a slow one apart
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Opens a pull request; each change moves its updated_at forward. */
  void open(String repository, int number, String title, String sha) {
    ObjectNode pull = json.createObjectNode();
    pull.put("number", number);
    pull.put("title", title);
    pull.put("state", "open");
    pull.put("html_url", "https://github.example/" + repository + "/pull/" + number);
    pull.putObject("user").put("login", "author" + number);
    pull.putObject("head").put("sha", sha);
    pull.putNull("closed_at");
    pull.putNull("merged_at");
    pull.put("created_at", tick());
    pull.put("updated_at", pull.get("created_at").asText());
    pulls.computeIfAbsent(repository, key -> new ConcurrentHashMap<>()).put(number, pull);
  }

  /** A repository without pull requests yet. */
  void createRepository(String repository) {
    pulls.computeIfAbsent(repository, key -> new ConcurrentHashMap<>());
  }

  void archive(String repository) {
    archived.add(repository);
  }

  void push(String repository, int number, String sha) {
    ObjectNode pull = pull(repository, number);
    ((ObjectNode) pull.get("head")).put("sha", sha);
    pull.put("updated_at", tick());
  }

  void close(String repository, int number) {
    ObjectNode pull = pull(repository, number);
    pull.put("state", "closed");
    pull.put("closed_at", tick());
    pull.put("updated_at", pull.get("closed_at").asText());
  }

  void reopen(String repository, int number) {
    ObjectNode pull = pull(repository, number);
    pull.put("state", "open");
    pull.putNull("closed_at");
    pull.put("updated_at", tick());
  }

  void merge(String repository, int number) {
    ObjectNode pull = pull(repository, number);
    pull.put("state", "closed");
    pull.put("closed_at", tick());
    pull.put("merged_at", pull.get("closed_at").asText());
    pull.put("updated_at", pull.get("closed_at").asText());
  }

  void script(String repository, int status, String body, Map<String, String> headers) {
    scripted
        .computeIfAbsent(repository, key -> new ConcurrentLinkedQueue<>())
        .add(new Scripted(status, body, headers));
  }

  /** An organisation's repositories: those with the owner's prefix, archived ones marked. */
  private void listRepositories(HttpExchange exchange, String owner, Map<String, String> headers)
      throws IOException {
    ArrayNode body = json.createArrayNode();
    pulls.keySet().stream()
        .filter(name -> name.startsWith(owner + "/"))
        .sorted()
        .forEach(
            name ->
                body.addObject().put("full_name", name).put("archived", archived.contains(name)));
    if (body.isEmpty()) {
      respond(exchange, 404, "{\"message\":\"Not Found\"}", Map.of());
      return;
    }
    String etag = "\"" + Integer.toHexString(body.toString().hashCode()) + "\"";
    if (etag.equals(headers.get("if-none-match"))) {
      respond(exchange, 304, null, Map.of("ETag", etag));
      return;
    }
    remaining.decrementAndGet();
    respond(exchange, 200, body.toString(), Map.of("ETag", etag));
  }

  private ObjectNode pull(String repository, int number) {
    return pulls.get(repository).get(number);
  }

  private String tick() {
    return Instant.ofEpochSecond(clock.addAndGet(60)).toString();
  }

  private void handle(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new ConcurrentHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
    String path = exchange.getRequestURI().getPath();
    String query = exchange.getRequestURI().getQuery();
    requests.add(new Request(path, query, headers));
    String[] parts = path.split("/");
    if (parts.length == 4 && parts[1].equals("orgs") && parts[3].equals("repos")) {
      listRepositories(exchange, parts[2], headers);
      return;
    }
    if (parts.length != 5 || !parts[1].equals("repos") || !parts[4].equals("pulls")) {
      respond(exchange, 404, "{\"message\":\"Not Found\"}", Map.of());
      return;
    }
    String repository = parts[2] + "/" + parts[3];
    CountDownLatch hold = held.get(repository);
    if (hold != null) {
      try {
        hold.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Scripted next = scripted.getOrDefault(repository, new ConcurrentLinkedQueue<>()).poll();
    if (next != null) {
      respond(exchange, next.status(), next.body(), next.headers());
      return;
    }
    List<ObjectNode> all = new ArrayList<>(pulls.getOrDefault(repository, Map.of()).values());
    all.sort(Comparator.comparing((ObjectNode pull) -> pull.get("updated_at").asText()).reversed());
    String etag = "\"" + Integer.toHexString(all.toString().hashCode()) + "\"";
    if (etag.equals(headers.get("if-none-match"))) {
      respond(exchange, 304, null, Map.of("ETag", etag)); // a 304 costs no budget
      return;
    }
    if (remaining.get() <= 0) {
      respond(exchange, 403, "{\"message\":\"API rate limit exceeded\"}", Map.of());
      return;
    }
    remaining.decrementAndGet();
    int page = 1;
    for (String parameter : query == null ? new String[0] : query.split("&")) {
      if (parameter.startsWith("page=")) {
        page = Integer.parseInt(parameter.substring("page=".length()));
      }
    }
    int from = (page - 1) * pageSize;
    ArrayNode body = json.createArrayNode();
    all.subList(Math.min(from, all.size()), Math.min(from + pageSize, all.size()))
        .forEach(body::add);
    Map<String, String> responseHeaders = new ConcurrentHashMap<>();
    responseHeaders.put("ETag", etag);
    if (from + pageSize < all.size()) {
      responseHeaders.put(
          "Link",
          "<"
              + url()
              + path
              + "?state=all&sort=updated&direction=desc&per_page=100&page="
              + (page + 1)
              + ">; rel=\"next\", <"
              + url()
              + path
              + "?page=99>; rel=\"last\"");
    }
    respond(exchange, 200, body.toString(), responseHeaders);
  }

  private void respond(HttpExchange exchange, int status, String body, Map<String, String> headers)
      throws IOException {
    headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    exchange
        .getResponseHeaders()
        .add("X-RateLimit-Remaining", Long.toString(Math.max(0, remaining.get())));
    exchange.getResponseHeaders().add("X-RateLimit-Reset", Long.toString(reset.getEpochSecond()));
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    if (body == null) {
      exchange.sendResponseHeaders(status, -1);
    } else {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
