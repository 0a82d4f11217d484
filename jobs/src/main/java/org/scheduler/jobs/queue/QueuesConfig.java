package org.scheduler.jobs.queue;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.scheduler.api.InvalidMessageException;

/** Every configured queue ({@code queues} in scheduler.yaml), by name. */
public record QueuesConfig(Map<String, QueueConfig> queues) {
  public QueuesConfig {
    // in the file's order, as errors and logs list them
    queues = Collections.unmodifiableMap(new LinkedHashMap<>(queues));
  }

  public static QueuesConfig none() {
    return new QueuesConfig(Map.of());
  }

  public Optional<QueueConfig> queue(String name) {
    return Optional.ofNullable(queues.get(name));
  }

  /** The queue, or an exception whose message names the queues there are. */
  public QueueConfig require(String name) {
    return queue(name)
        .orElseThrow(
            () ->
                new InvalidMessageException(
                    "queue",
                    "unknown queue '"
                        + name
                        + "'"
                        + (queues.isEmpty()
                            ? "; no queues are configured in scheduler.yaml"
                            : " (configured: " + String.join(", ", queues.keySet()) + ")")));
  }

  /** A job's {@code params.<param>} must name a configured queue. */
  public void checkKnown(String param, String name, Consumer<String> errors) {
    if (!queues.containsKey(name)) {
      errors.accept(
          "params."
              + param
              + ": unknown queue '"
              + name
              + "'"
              + (queues.isEmpty()
                  ? "; configure it under queues in scheduler.yaml"
                  : " (configured: " + String.join(", ", queues.keySet()) + ")"));
    }
  }
}
