package org.scheduler.jobs.history;

import java.time.Instant;

/** One row of the job-run history. */
public record JobRun(
    long id,
    String jobName,
    String triggerName,
    String nodeId,
    Instant scheduledAt,
    Instant startedAt,
    Instant finishedAt,
    Outcome outcome,
    boolean recovering,
    String error,
    String result) {

  public enum Outcome {
    RUNNING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    MISFIRED
  }
}
