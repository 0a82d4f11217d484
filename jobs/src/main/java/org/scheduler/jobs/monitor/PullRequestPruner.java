package org.scheduler.jobs.monitor;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import org.scheduler.api.Pruner;

/** Prunes pull requests closed for longer than the cleanup job's {@code retention}. */
final class PullRequestPruner implements Pruner {
  private final PullRequestStore store;

  @Inject
  public PullRequestPruner(PullRequestStore store) {
    this.store = requireNonNull(store, "store is null");
  }

  @Override
  public String name() {
    return "pull_requests";
  }

  @Override
  public int deleteBatch(Duration retention, int limit) throws SQLException {
    return store.pruneClosed(retention, limit);
  }
}
