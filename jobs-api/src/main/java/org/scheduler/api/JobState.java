package org.scheduler.api;

import java.sql.SQLException;
import java.util.Set;

/**
 * What a job type keeps per job outside Quartz (a cursor, what it has seen), dropped with the job:
 * each time a jobs.yaml is applied to the cluster, the state of jobs it no longer has is deleted.
 * Register one with {@link JobStateBinder}.
 */
public interface JobState {
  /** Deletes the state of every job whose name is not in {@code jobs}, the applied file's. */
  void retainOnly(Set<String> jobs) throws SQLException;
}
