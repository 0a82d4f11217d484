package org.scheduler.jobs.cleanup;

import java.time.Duration;
import org.scheduler.api.JobType;
import org.scheduler.api.ParamKind;
import org.scheduler.api.ParamSpec;

/** The {@code cleanup} job type and its params. */
public final class CleanupJobType {
  public static final String NAME = "cleanup";
  public static final String RETENTION = "retention";
  public static final String BATCH = "batchSize";

  private CleanupJobType() {}

  public static JobType create() {
    return JobType.builder(NAME, CleanupJob.class)
        .param(
            ParamSpec.optional(
                RETENTION, ParamKind.DURATION, "P30D", "how long stored rows are kept"))
        .param(
            ParamSpec.optional(
                    BATCH, ParamKind.INTEGER, 1000L, "rows deleted by one statement at most")
                .range(1, 100_000))
        .check(
            (params, errors) -> {
              if (params.duration(RETENTION).compareTo(Duration.ofMinutes(1)) < 0) {
                errors.accept(RETENTION + " must be at least PT1M");
              }
            })
        .build();
  }
}
