package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The limits per message type in force on this node, by queue: those of scheduler.yaml at start,
 * replaced when the file's limits are edited, without a restart. The counts and token buckets they
 * apply to are the cluster's, in PostgreSQL; keep the limits the same on every node.
 */
public final class QueueLimits {
  private volatile Map<String, Map<String, QueueConfig.Limit>> byQueue;

  @Inject
  public QueueLimits(QueuesConfig queues) {
    this.byQueue = limitsOf(requireNonNull(queues, "queues is null"));
  }

  /** The limits of {@code queue}'s message types; empty when it has none. */
  public Map<String, QueueConfig.Limit> of(String queue) {
    return byQueue.getOrDefault(queue, Map.of());
  }

  /**
   * Puts the limits of {@code queues} in force (queues this node does not run are ignored); returns
   * what changed, one line per type, empty when nothing did.
   */
  public synchronized List<String> replace(QueuesConfig queues) {
    Map<String, Map<String, QueueConfig.Limit>> fresh = limitsOf(queues);
    fresh.keySet().retainAll(byQueue.keySet());
    List<String> changes = new ArrayList<>();
    for (String queue : byQueue.keySet()) {
      Map<String, QueueConfig.Limit> before = byQueue.get(queue);
      Map<String, QueueConfig.Limit> after = fresh.getOrDefault(queue, Map.of());
      for (String type : before.keySet()) {
        if (!after.containsKey(type)) {
          changes.add("queue " + queue + ", type " + type + ": limit removed");
        }
      }
      after.forEach(
          (type, limit) -> {
            if (!limit.equals(before.get(type))) {
              changes.add("queue " + queue + ", type " + type + ": " + describe(limit));
            }
          });
    }
    for (String queue : byQueue.keySet()) {
      fresh.putIfAbsent(queue, Map.of());
    }
    byQueue = Map.copyOf(fresh);
    return changes;
  }

  static String describe(QueueConfig.Limit limit) {
    List<String> parts = new ArrayList<>();
    limit.concurrency().ifPresent(concurrency -> parts.add("concurrency " + concurrency));
    limit
        .perSecond()
        .ifPresent(rate -> parts.add("rate " + rate + "/s, burst " + (long) limit.burst()));
    return String.join(", ", parts);
  }

  private static Map<String, Map<String, QueueConfig.Limit>> limitsOf(QueuesConfig queues) {
    Map<String, Map<String, QueueConfig.Limit>> limits = new LinkedHashMap<>();
    queues.queues().forEach((name, config) -> limits.put(name, config.limits()));
    return limits;
  }
}
