package com.example.greeting;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scheduler.app.bootstrap.Node;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.scheduler.db.testing.PostgresExtension;

/**
 * The example extension in a whole node: the node finds its module on the classpath, schedules its
 * job type from jobs.yaml, and the job's messages reach its handler.
 */
class GreetingExtensionTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();

  @TempDir Path conf;

  @Test
  void theExtensionsJobRunsInANodeAndItsMessagesReachItsHandler() throws Exception {
    writeConf(
        """
        jobs:
          - name: hello
            type: greeting
            every: PT1S
            params: {name: world, queue: greetings}
        """);

    try (Node node = Node.assemble(conf, new EnvSubstitution(Map.of())).start()) {
      Greetings greetings = node.get(Greetings.class);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> greetings.received().contains("hello, world"));
    }
  }

  @Test
  void theExtensionsParamsCheckRejectsSeveralNames() throws Exception {
    writeConf(
        """
        jobs:
          - name: nobody
            type: greeting
            every: PT1S
            params: {name: "ann, bob", queue: greetings}
        """);

    assertThatThrownBy(() -> Node.assemble(conf, new EnvSubstitution(Map.of())).start().close())
        .hasMessageContaining("jobs.yaml")
        .hasMessageContaining("params.name: one name, without ','");
  }

  private void writeConf(String jobsYaml) throws Exception {
    Files.writeString(
        conf.resolve("scheduler.yaml"),
        """
        node:
          name: example
          drainDelay: PT0S
        http:
          host: 127.0.0.1
          port: 0
        database:
          url: %s
        quartz:
          threads: 2
          shutdownTimeout: PT5S
        queues:
          greetings:
            concurrency: 1
            pollInterval: PT0.1S
        """
            .formatted(postgres.jdbcUrl()));
    Files.writeString(conf.resolve("jobs.yaml"), jobsYaml);
  }
}
