package org.scheduler.app.quartz;

import java.time.Duration;
import org.quartz.JobExecutionException;

/** A run that went past its job's {@code timeout}: recorded with outcome {@code TIMED_OUT}. */
final class JobTimedOutException extends JobExecutionException {
  private static final long serialVersionUID = 1L;

  JobTimedOutException(Duration timeout) {
    super("timed out after " + timeout, false);
  }
}
