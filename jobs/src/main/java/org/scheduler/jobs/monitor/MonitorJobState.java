package org.scheduler.jobs.monitor;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Set;
import org.scheduler.api.JobState;

/** The monitor's cursors and seen pull requests of jobs gone from jobs.yaml are deleted. */
final class MonitorJobState implements JobState {
  private final PullRequestStore store;

  @Inject
  MonitorJobState(PullRequestStore store) {
    this.store = requireNonNull(store, "store is null");
  }

  @Override
  public void retainOnly(Set<String> jobs) throws SQLException {
    store.retainOnly(jobs);
  }
}
