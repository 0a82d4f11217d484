package org.scheduler.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scheduler.app.testing.NodeProcess;
import org.scheduler.db.testing.PostgresExtension;

/** Three nodes behind HAProxy with the shipped deploy/haproxy.cfg; one is killed mid-traffic. */
@Tag("cluster")
class LoadBalancerTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path work;

  private final List<NodeProcess> nodes = new ArrayList<>();
  private Process haproxy;

  @AfterEach
  void stop() throws InterruptedException {
    if (haproxy != null) {
      haproxy.destroy();
      haproxy.waitFor();
    }
    for (NodeProcess node : nodes) {
      node.close();
    }
  }

  @Test
  void requestsKeepSucceedingWhileOneOfThreeNodesIsKilled() throws Exception {
    assumeTrue(onPath("haproxy"), "haproxy is not installed (.ci/run installs it)");
    for (int i = 1; i <= 3; i++) {
      nodes.add(NodeProcess.start("lb" + i, work, postgres.jdbcUrl(), "jobs: []\n"));
    }
    int port = NodeProcess.freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                "haproxy",
                "-db",
                "-f",
                Path.of("..", "deploy", "haproxy.cfg").toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("haproxy.log").toFile());
    builder.environment().put("HAPROXY_PORT", Integer.toString(port));
    for (int i = 0; i < 3; i++) {
      builder.environment().put("NODE" + (i + 1) + "_PORT", Integer.toString(nodes.get(i).port()));
    }
    haproxy = builder.start();

    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI jobs = URI.create("http://127.0.0.1:" + port + "/api/jobs");
    await("all nodes up behind the load balancer")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> nodes.stream().allMatch(NodeProcess::isReady) && status(client, jobs) == 200);

    List<Integer> statuses = new ArrayList<>();
    for (int request = 0; request < 300; request++) {
      if (request == 50) {
        nodes.get(1).kill();
      }
      statuses.add(status(client, jobs));
      Thread.sleep(20);
    }

    assertThat(statuses).as(Files.readString(work.resolve("haproxy.log"))).containsOnly(200);
  }

  private static int status(HttpClient client, URI uri) {
    try {
      return client
          .send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static boolean onPath(String command) {
    for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(directory, command))) {
        return true;
      }
    }
    return false;
  }
}
