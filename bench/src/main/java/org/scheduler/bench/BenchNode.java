package org.scheduler.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A node of the server in a JVM of its own, started from the application jar as operators do. */
final class BenchNode implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int port;

  private BenchNode(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Writes the node's conf directory under {@code work} and starts {@code serve} on it. */
  static BenchNode start(
      Path appJar, Path work, String name, String jdbcUrl, String jobsYaml, String quartzYaml)
      throws IOException {
    return start(appJar, work, name, jdbcUrl, jobsYaml, quartzYaml, "bench:\n  concurrency: 0\n");
  }

  /** As above, with the {@code queues:} section's content. */
  static BenchNode start(
      Path appJar,
      Path work,
      String name,
      String jdbcUrl,
      String jobsYaml,
      String quartzYaml,
      String queuesYaml)
      throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path conf = Files.createDirectories(work.resolve(name));
    Files.writeString(
        conf.resolve("scheduler.yaml"),
        """
        node:
          name: %s
          drainDelay: PT0S
        http:
          host: 127.0.0.1
          port: %d
        database:
          url: %s
          poolSize: 40
        quartz:
        %s
        queues:
        %s
        metrics:
          jmx: false
        """
            .formatted(
                name,
                port,
                jdbcUrl,
                quartzYaml.indent(2).stripTrailing(),
                queuesYaml.indent(2).stripTrailing()));
    Files.writeString(conf.resolve("jobs.yaml"), jobsYaml);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                List.of(
                    java, "-Xmx1g", "-jar", appJar.toString(), "serve", "--conf", conf.toString()))
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(name + ".log").toFile()))
            .start();
    return new BenchNode(process, port);
  }

  void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("node exited with " + process.exitValue());
      }
      try {
        if (send("GET", "/health/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("node not ready after " + timeout);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofMinutes(5))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** POSTs a JSON body; the answer's status and body. */
  HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** SIGKILL, and waits for the process to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
