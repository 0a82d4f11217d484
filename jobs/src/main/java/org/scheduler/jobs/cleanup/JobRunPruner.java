package org.scheduler.jobs.cleanup;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import org.scheduler.api.Pruner;
import org.scheduler.jobs.history.JobRunHistory;

/** Prunes the job-run history. */
final class JobRunPruner implements Pruner {
  private final JobRunHistory history;

  @Inject
  public JobRunPruner(JobRunHistory history) {
    this.history = requireNonNull(history, "history is null");
  }

  @Override
  public String name() {
    return "job_runs";
  }

  @Override
  public int deleteBatch(Duration retention, int limit) throws SQLException {
    return history.deleteOlderThan(retention, limit);
  }
}
