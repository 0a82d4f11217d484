package org.scheduler.app.bootstrap;

import org.scheduler.app.conf.yaml.ConfSections;
import org.scheduler.app.database.DatabaseConfig;
import org.scheduler.app.quartz.QuartzConfig;
import org.scheduler.jobs.queue.QueueConfig;
import org.scheduler.jobs.queue.QueuesConfig;

/**
 * The one rule that spans sections: the pool must hold a connection for every Quartz thread and
 * every queue consumer at once, or they wait on each other for connections under load.
 */
final class ConnectionBudget {
  /** Connections that Quartz holds besides its worker threads: cluster manager, misfire handler. */
  static final int QUARTZ_EXTRA_CONNECTIONS = 3;

  private ConnectionBudget() {}

  static void check(
      ConfSections conf, DatabaseConfig database, QuartzConfig quartz, QueuesConfig queues) {
    int consumers = queues.queues().values().stream().mapToInt(QueueConfig::concurrency).sum();
    // a node with consumers holds one more connection, listening for the queues' notices
    int needed = quartz.threads() + QUARTZ_EXTRA_CONNECTIONS + consumers + (consumers > 0 ? 1 : 0);
    if (database.poolSize() < needed) {
      conf.error(
          conf.line("database", "poolSize"),
          "database.poolSize ("
              + database.poolSize()
              + ") must be at least quartz.threads + "
              + QUARTZ_EXTRA_CONNECTIONS
              + " + the queues' concurrency + 1 when there are consumers ("
              + needed
              + ")");
    }
  }
}
