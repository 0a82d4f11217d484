package org.scheduler.app.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scheduler.app.testing.NodeProcess;
import org.scheduler.db.testing.PostgresExtension;

/** A node told to log JSON writes nothing else, and says which node, job, queue and message. */
class JsonLogsTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path work;

  private static final ObjectMapper json = new ObjectMapper();

  @Test
  void everyLineIsOneJsonObjectNamingNodeJobQueueAndMessage() throws Exception {
    String jobs =
        """
        jobs:
          - name: always-fails
            type: failing
            every: PT1S
        """;
    String extra =
        """
        logging:
          format: json
        queues:
          logged:
            concurrency: 1
            pollInterval: PT0.05S
        """;
    try (NodeProcess node = NodeProcess.start("json-node", work, postgres.jdbcUrl(), jobs, extra)) {
      try {
        await().atMost(Duration.ofSeconds(60)).until(node::isReady);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("node not ready; its output:\n" + node.log(), e);
      }
      assertThat(
              node.http()
                  .post(
                      "/api/queues/logged/messages", "{\"type\": \"log\", \"payload\": {\"n\": 7}}")
                  .status())
          .isEqualTo(201);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  lines(node).stream().anyMatch(line -> line.path("mdc").has("messageId"))
                      && lines(node).stream().anyMatch(line -> line.path("mdc").has("job")));

      List<JsonNode> lines = lines(node);
      assertThat(lines).isNotEmpty();
      for (JsonNode line : lines) {
        assertThat(line.path("timestamp").isNumber()).as(line.toString()).isTrue();
        assertThat(line.path("level").asText()).as(line.toString()).isNotEmpty();
        assertThat(line.path("loggerName").asText()).as(line.toString()).isNotEmpty();
        assertThat(line.path("threadName").asText()).as(line.toString()).isNotEmpty();
        assertThat(line.has("formattedMessage")).as(line.toString()).isTrue();
        assertThat(line.path("context").path("properties").path("node").asText())
            .as(line.toString())
            .isEqualTo("json-node");
      }
      JsonNode handled =
          lines.stream()
              .filter(line -> line.path("loggerName").asText().endsWith("LogHandler"))
              .findFirst()
              .orElseThrow();
      assertThat(handled.path("mdc").path("queue").asText()).isEqualTo("logged");
      assertThat(handled.path("mdc").path("messageId").asText()).matches("[0-9]+");
      JsonNode failed =
          lines.stream().filter(line -> line.path("mdc").has("job")).findFirst().orElseThrow();
      assertThat(failed.path("mdc").path("job").asText()).isEqualTo("always-fails");
    }
  }

  /** Every line of the node's output, each parsed as one JSON object; fails on any other line. */
  private static List<JsonNode> lines(NodeProcess node) throws IOException {
    String log = node.log();
    // a line still being written is read next time
    String complete = log.substring(0, log.lastIndexOf('\n') + 1);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : complete.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode parsed = json.readTree(line);
      assertThat(parsed.isObject()).as(line).isTrue();
      lines.add(parsed);
    }
    return lines;
  }
}
