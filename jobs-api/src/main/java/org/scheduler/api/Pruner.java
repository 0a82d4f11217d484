package org.scheduler.api;

import java.sql.SQLException;
import java.time.Duration;

/**
 * One kind of stored row that the {@code cleanup} job prunes; register it with {@link
 * PrunerBinder}.
 */
public interface Pruner {
  /** What is pruned, as reported in the run's result: usually the table name. */
  String name();

  /**
   * Deletes at most {@code limit} rows older than {@code retention} in one statement; returns how
   * many it deleted. The job calls it until it deletes fewer than {@code limit}.
   */
  int deleteBatch(Duration retention, int limit) throws SQLException;
}
