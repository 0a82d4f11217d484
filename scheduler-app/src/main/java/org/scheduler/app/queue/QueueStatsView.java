package org.scheduler.app.queue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.scheduler.jobs.queue.QueueAdmin;
import org.scheduler.jobs.queue.QueueWorkers;

/** How a queue's figures look in the API and in {@code queue stats}. */
final class QueueStatsView {
  private QueueStatsView() {}

  static Map<String, Object> of(String queue, QueueAdmin.Stats stats, QueueWorkers workers) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("queue", queue);
    view.put("ready", stats.ready());
    view.put("delayed", stats.delayed());
    view.put("claimed", stats.claimed());
    view.put("dead", stats.dead());
    view.put(
        "oldestReadyAgeSeconds",
        stats.oldestReadyAge().map(age -> age.toMillis() / 1000.0).orElse(null));
    view.put("ackedLastMinute", stats.ackedLastMinute());
    if (workers != null) {
      view.put("batchSize", workers.batchSize(queue).orElse(null));
    }
    return view;
  }
}
