package org.scheduler.jobs.cleanup;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.scheduler.api.JobParams;
import org.scheduler.api.Pruner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what the server stores once it is older than the {@code retention} param, in batches of
 * {@code batchSize} rows so that no statement holds locks on a large part of a busy table.
 */
@DisallowConcurrentExecution
public final class CleanupJob implements Job {
  private static final Logger log = LoggerFactory.getLogger(CleanupJob.class);

  private final Set<Pruner> pruners;

  @Inject
  public CleanupJob(Set<Pruner> pruners) {
    this.pruners = requireNonNull(pruners, "pruners is null");
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    JobParams params = JobParams.of(context);
    Map<String, Long> deleted =
        prune(
            params.duration(CleanupJobType.RETENTION), (int) params.integer(CleanupJobType.BATCH));
    String result =
        deleted.entrySet().stream()
            .map(entry -> entry.getKey() + "=" + entry.getValue())
            .collect(Collectors.joining(", ", "deleted ", ""));
    log.info("Cleanup {}", result);
    context.setResult(result);
  }

  /** Prunes every registered kind of row; returns the rows deleted per kind. */
  public Map<String, Long> prune(Duration retention, int batchSize) throws JobExecutionException {
    Map<String, Long> deleted = new LinkedHashMap<>();
    for (Pruner pruner : pruners) {
      long total = 0;
      try {
        int batch;
        do {
          batch = pruner.deleteBatch(retention, batchSize);
          total += batch;
        } while (batch == batchSize && !Thread.currentThread().isInterrupted());
      } catch (SQLException e) {
        throw new JobExecutionException(
            "pruning " + pruner.name() + " failed after deleting " + total + " rows: " + e, e);
      }
      deleted.put(pruner.name(), total);
    }
    return deleted;
  }
}
