package org.scheduler.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.scheduler.api.InvalidMessageException;
import org.scheduler.api.NewMessage;
import org.scheduler.app.bootstrap.Node;
import org.scheduler.app.conf.yaml.ConfException;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.scheduler.app.database.DatabaseConfig;
import org.scheduler.app.http.BadRequestException;
import org.scheduler.app.queue.MessageRequests;
import org.scheduler.jobs.queue.QueueEnqueuer;
import org.scheduler.jobs.queue.QueuesConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "enqueue",
    mixinStandardHelpOptions = true,
    description = {
      "Puts messages on a queue of the cluster's database and prints their ids.",
      "Either one message from the options, or --file with a JSON object or array in the shape of"
          + " POST /api/queues/{queue}/messages."
    })
public final class EnqueueCommand implements Callable<Integer> {
  private static final ObjectMapper json = new ObjectMapper();

  @Mixin ConfDirectoryOption conf;

  @Option(names = "--queue", required = true, description = "A queue configured in scheduler.yaml.")
  String queue;

  @Option(names = "--type", description = "The message type (chooses the handler).")
  String type;

  @Option(
      names = "--payload",
      defaultValue = "{}",
      description = "JSON payload (default: ${DEFAULT-VALUE}).")
  String payload;

  @Option(names = "--priority", description = "Higher runs first (default 0).")
  Integer priority;

  @Option(
      names = "--delay",
      description = "ISO-8601 duration to wait before it may run, e.g. PT5M.")
  Duration delay;

  @Option(names = "--dedupe-key", description = "At most one pending message per key and queue.")
  String dedupeKey;

  @Option(names = "--max-attempts", description = "Overrides the queue's maxAttempts.")
  Integer maxAttempts;

  @Option(names = "--file", description = "JSON file of messages ('-' for standard input).")
  Path file;

  @Override
  public Integer call() {
    try {
      Node node = Node.wire(conf.directory(), EnvSubstitution.system());
      List<NewMessage> messages = MessageRequests.read(body(), Instant.now());
      try (HikariDataSource dataSource = CliDatabase.open(node.get(DatabaseConfig.class))) {
        List<Long> ids =
            new QueueEnqueuer(dataSource, node.get(QueuesConfig.class)).enqueueAll(queue, messages);
        ids.forEach(System.out::println);
      }
      return 0;
    } catch (ConfException e) {
      System.err.println(e.getMessage());
      return 1;
    } catch (BadRequestException | InvalidMessageException e) {
      System.err.println("error: " + e.getMessage() + "; nothing was enqueued");
      return 1;
    } catch (Exception e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private JsonNode body() throws IOException {
    if (file != null) {
      if (type != null) {
        throw new BadRequestException("--type: give messages with --file or with --type, not both");
      }
      String text =
          file.toString().equals("-")
              ? new String(System.in.readAllBytes())
              : Files.readString(file);
      return json.readTree(text);
    }
    if (type == null) {
      throw new BadRequestException("--type: required without --file");
    }
    ObjectNode message = json.createObjectNode().put("type", type);
    try {
      message.set("payload", json.readTree(payload));
    } catch (IOException e) {
      throw new BadRequestException(
          "--payload: not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (priority != null) {
      message.put("priority", priority);
    }
    if (delay != null) {
      message.put("delay", delay.toString());
    }
    if (dedupeKey != null) {
      message.put("dedupeKey", dedupeKey);
    }
    if (maxAttempts != null) {
      message.put("maxAttempts", maxAttempts);
    }
    return message;
  }
}
