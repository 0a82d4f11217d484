package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.time.Duration;
import org.scheduler.api.Pruner;

/**
 * Prunes one queue's acked history or dead letters past the queue's own retention ({@code
 * queues.<name>.retention}); the cleanup job's {@code retention} param is for the job history.
 */
final class QueuePruner implements Pruner {
  enum Table {
    HISTORY("queue_history"),
    DEAD("queue_dead");

    private final String table;

    Table(String table) {
      this.table = table;
    }
  }

  private final QueueAdmin admin;
  private final QueueConfig config;
  private final Table table;

  QueuePruner(QueueAdmin admin, QueueConfig config, Table table) {
    this.admin = requireNonNull(admin, "admin is null");
    this.config = requireNonNull(config, "config is null");
    this.table = requireNonNull(table, "table is null");
  }

  @Override
  public String name() {
    return table.table + "[" + config.name() + "]";
  }

  @Override
  public int deleteBatch(Duration jobRetention, int limit) throws SQLException {
    return table == Table.HISTORY
        ? admin.pruneHistory(config.name(), config.retention().acked(), limit)
        : admin.pruneDead(config.name(), config.retention().dead(), limit);
  }
}
