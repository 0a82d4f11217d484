package org.scheduler.api;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.quartz.JobExecutionContext;

/**
 * How far a long piece of work is: a fraction from 0 to 1 and a short name of the step at hand,
 * e.g. {@code 0.7, "recording"}. A message handler reports it with {@link Message#reportProgress},
 * a job with {@link #report(JobExecutionContext, double, String)}; the latest value is stored at
 * most once a second and shown by the API.
 */
public record Progress(double fraction, String step) {
  public static final int MAX_STEP_LENGTH = 100;

  /** Where a running job's reports go; put into the job's context by the server. */
  public static final String CONTEXT_KEY = "org.scheduler.api.Progress.reporter";

  public Progress {
    requireNonNull(step, "step is null");
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("progress fraction must be from 0 to 1, got " + fraction);
    }
    if (step.length() > MAX_STEP_LENGTH) {
      step = step.substring(0, MAX_STEP_LENGTH);
    }
  }

  /** Receives the reports of one run or message. */
  public interface Reporter {
    void report(Progress progress);
  }

  /** Reports the progress of the running job whose context this is; nothing outside a run. */
  public static void report(JobExecutionContext context, double fraction, String step) {
    Progress progress = new Progress(fraction, step);
    reporter(context).ifPresent(reporter -> reporter.report(progress));
  }

  private static Optional<Reporter> reporter(JobExecutionContext context) {
    return context.get(CONTEXT_KEY) instanceof Reporter reporter
        ? Optional.of(reporter)
        : Optional.empty();
  }
}
