package org.scheduler.jobs.queue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.scheduler.api.InvalidMessageException;

/** Every configured queue ({@code queues} in scheduler.yaml), by name. */
public record QueuesConfig(Map<String, QueueConfig> queues) {
  public QueuesConfig {
    queues = Map.copyOf(new LinkedHashMap<>(queues));
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
}
