package org.scheduler.jobs.queue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wakes this node's loops when the database says there is work: a queue's consumers when messages
 * became ready (enqueued on any node, promoted, reclaimed), the promotion loop when delayed
 * messages were added. One consumer is woken per notice, an idle one if there is one; a consumer
 * whose claim came back full wakes the next (see {@link #moreThanOneBatch}), so a burst spreads
 * over the consumers while a trickle costs one claim per message, not one per consumer.
 */
final class QueueWakeups {
  private final Map<String, List<RunUntilStopped>> consumers = new ConcurrentHashMap<>();
  private final List<RunUntilStopped> promotion = new CopyOnWriteArrayList<>();
  private final AtomicInteger turn = new AtomicInteger();

  void register(String queue, RunUntilStopped consumer) {
    consumers.computeIfAbsent(queue, key -> new CopyOnWriteArrayList<>()).add(consumer);
  }

  void registerPromotion(RunUntilStopped loop) {
    promotion.add(loop);
  }

  void clear() {
    consumers.clear();
    promotion.clear();
  }

  /**
   * Messages of {@code queue} can be claimed now. Wakes an idle consumer, or when all are busy one
   * of them skips its next wait (it may be between an empty claim and its sleep).
   */
  void arrived(String queue) {
    List<RunUntilStopped> loops = consumers.getOrDefault(queue, List.of());
    if (loops.isEmpty()) {
      return;
    }
    if (!wakeIdle(loops)) {
      loops.get(Math.floorMod(turn.getAndIncrement(), loops.size())).wake();
    }
  }

  /** A consumer's claim came back full: there is likely more, for an idle consumer if any. */
  void moreThanOneBatch(String queue) {
    wakeIdle(consumers.getOrDefault(queue, List.of()));
  }

  /** Delayed messages were added: the promotion loop plans its next wake-up again. */
  void delayedAdded() {
    promotion.forEach(RunUntilStopped::wake);
  }

  /** The notices may have been missed (the listener reconnected): everyone looks once. */
  void all() {
    consumers.values().forEach(loops -> loops.forEach(RunUntilStopped::wake));
    delayedAdded();
  }

  private boolean wakeIdle(List<RunUntilStopped> loops) {
    int size = loops.size();
    int start = Math.floorMod(turn.getAndIncrement(), size);
    for (int i = 0; i < size; i++) {
      RunUntilStopped loop = loops.get((start + i) % size);
      if (loop.isIdle()) {
        loop.wake();
        return true;
      }
    }
    return false;
  }
}
