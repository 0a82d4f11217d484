package org.scheduler.app.queue;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.util.List;
import org.scheduler.app.conf.yaml.ConfException;
import org.scheduler.jobs.queue.QueueLimitGauges;
import org.scheduler.jobs.queue.QueueLimits;
import org.scheduler.jobs.queue.QueuesConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the queues' {@code limits} of scheduler.yaml in force without a restart, when the file
 * changes or a reload is asked for. The whole file is validated first: an invalid one changes
 * nothing, and its errors are logged with their lines.
 */
public final class QueueLimitsReload {
  private static final Logger log = LoggerFactory.getLogger(QueueLimitsReload.class);

  private final QueuesConfigSource source;
  private final QueuesConfig running;
  private final QueueLimits limits;
  private final QueueLimitGauges gauges;

  @Inject
  public QueueLimitsReload(
      QueuesConfigSource source,
      QueuesConfig running,
      QueueLimits limits,
      QueueLimitGauges gauges) {
    this.source = requireNonNull(source, "source is null");
    this.running = requireNonNull(running, "running is null");
    this.limits = requireNonNull(limits, "limits is null");
    this.gauges = requireNonNull(gauges, "gauges is null");
  }

  /**
   * Applies the file's limits; answers what changed (empty: nothing), {@code why} is for the log.
   */
  public List<String> reload(String why) {
    QueuesConfig fresh;
    try {
      fresh = source.read();
    } catch (ConfException e) {
      log.warn(
          "scheduler.yaml not applied ({}): the queue limits in force are kept. {}",
          why,
          e.getMessage());
      return List.of();
    }
    List<String> changes = limits.replace(fresh);
    if (!changes.isEmpty()) {
      gauges.refresh(running.queues().keySet());
      log.info("Queue limits applied ({}): {}", why, String.join("; ", changes));
    }
    return changes;
  }
}
