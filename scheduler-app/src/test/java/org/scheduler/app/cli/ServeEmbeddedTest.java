package org.scheduler.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scheduler.app.testing.NodeProcess;

/**
 * {@code serve} with the shipped kind of conf: no database url, so the node runs its own PostgreSQL
 * with data under its working directory.
 */
class ServeEmbeddedTest {
  @TempDir Path work;

  @Test
  void servesOnItsOwnPostgresStopsItOnSigtermAndKeepsTheDataForTheNextStart() throws Exception {
    int httpPort = NodeProcess.freePort();
    int postgresPort = NodeProcess.freePort();
    Path conf = Files.createDirectories(work.resolve("conf"));
    Files.writeString(
        conf.resolve("scheduler.yaml"),
        """
        http:
          host: 127.0.0.1
          port: %d
        database:
          embedded:
            port: %d
        """
            .formatted(httpPort, postgresPort));
    Files.writeString(
        conf.resolve("jobs.yaml"),
        "jobs:\n  - name: cleanup\n    type: cleanup\n    cron: \"0 3 * * *\"\n");
    Path log = work.resolve("node.log");

    NodeProcess first = NodeProcess.start("embedded", conf, httpPort, work, log);
    awaitReady(first, log);
    assertThat(
            first.http().get("/api/jobs").body().path("jobs").get(0).path("nextFireTime").asText())
        .isNotBlank();
    assertThat(work.resolve("data/postgres/PG_VERSION")).exists();

    assertThat(first.terminate(Duration.ofSeconds(60))).as("exit code after SIGTERM").isZero();
    assertThat(listening(postgresPort)).as("embedded PostgreSQL still running").isFalse();
    assertThat(Files.readString(log)).contains("Stopped");

    NodeProcess second = NodeProcess.start("embedded", conf, httpPort, work, log);
    awaitReady(second, log);
    assertThat(Files.readString(log)).contains("0 added, 0 changed, 0 removed, 1 unchanged");
    assertThat(second.terminate(Duration.ofSeconds(60))).isZero();
  }

  private static void awaitReady(NodeProcess node, Path log) {
    await("node ready; log: " + log)
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(node::isReady);
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
