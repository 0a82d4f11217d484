package org.scheduler.app.reload;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.scheduler.app.conf.JobsConf;
import org.scheduler.app.conf.JobsConfLoader;
import org.scheduler.app.conf.yaml.ConfError;
import org.scheduler.app.conf.yaml.ConfException;
import org.scheduler.app.quartz.QuartzSchedulerService;
import org.scheduler.app.quartz.ScheduleReconciler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an edited jobs.yaml to the whole cluster: the file is validated first, and an invalid one
 * changes nothing and leaves its errors (each with file and line) for the log and the API. A valid
 * one is applied through {@link QuartzSchedulerService#apply}, the one path a jobs.yaml takes to
 * the cluster.
 */
public final class ConfReloader {
  private static final Logger log = LoggerFactory.getLogger(ConfReloader.class);

  private final JobsConfLoader loader;
  private final QuartzSchedulerService scheduler;
  private volatile Status status =
      new Status("none yet", Optional.empty(), List.of(), Optional.empty());

  @Inject
  public ConfReloader(JobsConfLoader loader, QuartzSchedulerService scheduler) {
    this.loader = requireNonNull(loader, "loader is null");
    this.scheduler = requireNonNull(scheduler, "scheduler is null");
  }

  /** The outcome of the last reload on this node. */
  public record Status(
      String outcome, Optional<Instant> at, List<ConfError> errors, Optional<String> changes) {}

  public Status status() {
    return status;
  }

  /** Validates and applies jobs.yaml; {@code why} is for the log ("file changed", "API"). */
  public synchronized Status reload(String why) throws Exception {
    JobsConf conf;
    try {
      conf = loader.load();
    } catch (ConfException e) {
      log.warn("jobs.yaml not applied ({}): the running schedule is kept. {}", why, e.getMessage());
      status = new Status("invalid", Optional.of(Instant.now()), e.errors(), Optional.empty());
      return status;
    }
    ScheduleReconciler.Result result = scheduler.apply(conf);
    log.info("jobs.yaml applied ({}): {}", why, result);
    status =
        new Status(
            "applied", Optional.of(Instant.now()), List.of(), Optional.of(result.toString()));
    return status;
  }
}
