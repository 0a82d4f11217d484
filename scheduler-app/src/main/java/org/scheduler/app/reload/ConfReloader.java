package org.scheduler.app.reload;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.MetricRegistry;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.scheduler.app.conf.ConfError;
import org.scheduler.app.conf.ConfException;
import org.scheduler.app.conf.JobDefinition;
import org.scheduler.app.conf.JobsConf;
import org.scheduler.app.conf.JobsConfLoader;
import org.scheduler.app.conf.NodeConfig;
import org.scheduler.app.quartz.ConfVersions;
import org.scheduler.app.quartz.JobMetrics;
import org.scheduler.app.quartz.QuartzSchedulerService;
import org.scheduler.app.quartz.ScheduleReconciler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an edited jobs.yaml to the whole cluster: the file is validated first, and an invalid one
 * changes nothing and leaves its errors (each with file and line) for the log and the API. A valid
 * one is reconciled under the database lock, and its version recorded as the cluster's.
 */
public final class ConfReloader {
  private static final Logger log = LoggerFactory.getLogger(ConfReloader.class);

  private final JobsConfLoader loader;
  private final QuartzSchedulerService scheduler;
  private final ConfVersions versions;
  private final NodeConfig node;
  private final MetricRegistry metrics;
  private volatile Status status =
      new Status("none yet", Optional.empty(), List.of(), Optional.empty());

  @Inject
  public ConfReloader(
      JobsConfLoader loader,
      QuartzSchedulerService scheduler,
      ConfVersions versions,
      NodeConfig node,
      MetricRegistry metrics) {
    this.loader = requireNonNull(loader, "loader is null");
    this.scheduler = requireNonNull(scheduler, "scheduler is null");
    this.versions = requireNonNull(versions, "versions is null");
    this.node = requireNonNull(node, "node is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
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
    ScheduleReconciler.Result result =
        scheduler
            .reconciler()
            .apply(conf, applied -> versions.record(conf.contentHash(), node.name()));
    log.info("jobs.yaml applied ({}): {}", why, result);
    JobMetrics.retainOnly(
        metrics,
        conf.jobs().stream().map(JobDefinition::name).collect(Collectors.toUnmodifiableSet()));
    status =
        new Status(
            "applied", Optional.of(Instant.now()), List.of(), Optional.of(result.toString()));
    return status;
  }
}
