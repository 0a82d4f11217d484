package org.scheduler.jobs.queue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Wakes this node's idle consumers of a queue when a message is enqueued on this node, so that it
 * is claimed at once rather than after their poll interval. Messages enqueued on other nodes (or by
 * other programs) are found by polling, as before.
 */
final class QueueWakeups {
  private final Map<String, List<Runnable>> consumers = new ConcurrentHashMap<>();

  void register(String queue, Runnable wake) {
    consumers.computeIfAbsent(queue, key -> new CopyOnWriteArrayList<>()).add(wake);
  }

  void clear() {
    consumers.clear();
  }

  /** A message that can be claimed now was committed to {@code queue}. */
  void arrived(String queue) {
    consumers.getOrDefault(queue, List.of()).forEach(Runnable::run);
  }
}
