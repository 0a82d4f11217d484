package org.scheduler.jobs.history;

import java.time.Instant;
import java.util.Optional;
import org.scheduler.api.Progress;

/** One row of the job-run history; {@code progress} as the job last reported it, if it did. */
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
    String result,
    Optional<Progress> progress,
    Instant progressAt) {

  public enum Outcome {
    RUNNING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    MISFIRED
  }
}
