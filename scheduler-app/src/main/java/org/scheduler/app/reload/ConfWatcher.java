package org.scheduler.app.reload;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.scheduler.app.conf.ConfFiles;
import org.scheduler.app.conf.JobsConfLoader;
import org.scheduler.app.conf.Sha256;
import org.scheduler.app.lifecycle.Service;
import org.scheduler.app.quartz.ConfVersions;
import org.scheduler.app.quartz.ScheduleHealth;
import org.scheduler.app.queue.QueueLimitsReload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the conf files every {@value #INTERVAL_MILLIS} ms. A changed jobs.yaml is reloaded; a
 * changed scheduler.yaml has its queues' limits applied, and anything else it changed reported as
 * needing a restart; a jobs.yaml that differs from the version the cluster last applied is reported
 * as conf drift. Comparing contents (not file events) also catches editors that replace files and
 * file systems without change notification.
 */
public final class ConfWatcher implements Service {
  private static final Logger log = LoggerFactory.getLogger(ConfWatcher.class);
  static final long INTERVAL_MILLIS = 1000;

  private final ConfFiles files;
  private final JobsConfLoader loader;
  private final ConfReloader reloader;
  private final ConfVersions versions;
  private final ScheduleHealth health;
  private final QueueLimitsReload limitsReload;
  private ScheduledExecutorService executor;
  private volatile ScheduleHealth.Snapshot lastBrokenLook;
  private volatile List<String> repairAttempted = List.of();
  private volatile Optional<String> jobsHash = Optional.empty();
  private volatile Optional<String> schedulerHash = Optional.empty();
  private volatile Optional<String> schedulerAtStart = Optional.empty();
  private volatile boolean restartRequired;
  private volatile boolean drift;

  @Inject
  public ConfWatcher(
      ConfFiles files,
      JobsConfLoader loader,
      ConfReloader reloader,
      ConfVersions versions,
      ScheduleHealth health,
      QueueLimitsReload limitsReload) {
    this.limitsReload = requireNonNull(limitsReload, "limitsReload is null");
    this.loader = requireNonNull(loader, "loader is null");
    this.health = requireNonNull(health, "health is null");
    this.files = requireNonNull(files, "files is null");
    this.reloader = requireNonNull(reloader, "reloader is null");
    this.versions = requireNonNull(versions, "versions is null");
  }

  @Override
  public Phase phase() {
    return Phase.CONF_WATCHER;
  }

  @Override
  public synchronized void start() {
    // what the node started with, so that an edit made while it was starting is applied
    jobsHash = Optional.of(loader.atStart().contentHash());
    schedulerHash = hash(files.schedulerFile());
    schedulerAtStart = SchedulerYamlDiff.read(files.schedulerFile());
    executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "conf-watcher");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleWithFixedDelay(
        this::check, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() throws InterruptedException {
    if (executor != null) {
      executor.shutdownNow();
      executor.awaitTermination(5, TimeUnit.SECONDS);
      executor = null;
    }
  }

  public boolean restartRequired() {
    return restartRequired;
  }

  /** The version the cluster last applied, this node's file, and whether they differ. */
  public record Drift(Optional<ConfVersions.Version> applied, Optional<String> localHash) {
    public boolean drifting() {
      return applied
          .map(version -> !version.contentHash().equals(localHash.orElse("")))
          .orElse(false);
    }
  }

  public Drift drift() throws SQLException {
    return new Drift(versions.latest(), hash(files.jobsFile()));
  }

  private void check() {
    try {
      Optional<String> jobs = hash(files.jobsFile());
      if (!jobs.equals(jobsHash)) {
        jobsHash = jobs;
        reloader.reload("jobs.yaml changed on disk");
      }
      Optional<String> scheduler = hash(files.schedulerFile());
      if (!scheduler.equals(schedulerHash)) {
        schedulerHash = scheduler;
        limitsReload.reload("scheduler.yaml changed on disk");
        if (!restartRequired
            && SchedulerYamlDiff.needsRestart(
                schedulerAtStart, SchedulerYamlDiff.read(files.schedulerFile()))) {
          restartRequired = true;
          log.warn(
              "scheduler.yaml changed on disk: restart the node to apply it (only the queues'"
                  + " limits apply at once)");
        }
      }
      boolean drifting = new Drift(versions.latest(), jobs).drifting();
      repairBrokenTriggers(drifting);
      if (drifting != drift) {
        drift = drifting;
        if (drifting) {
          log.warn(
              "Conf drift: this node's jobs.yaml differs from the version the cluster last applied");
        } else {
          log.info("Conf drift resolved: this node's jobs.yaml is the cluster's");
        }
      }
    } catch (Exception e) {
      log.warn("Conf check failed; trying again: {}", e.toString());
    }
  }

  /**
   * Triggers that cannot be loaded (a hand edit of the tables, an older version's bug) are rebuilt
   * by reconciling this node's file, but only when it is the cluster's version: a drifting node
   * must not impose its own, and only once two looks some seconds apart found the same ones, so a
   * hand repair in progress is left alone. Each set of broken triggers is tried once, so a trigger
   * that reconcile does not own cannot make it loop.
   */
  private void repairBrokenTriggers(boolean drifting) throws Exception {
    ScheduleHealth.Snapshot look = health.snapshot();
    ScheduleHealth.Snapshot previous = lastBrokenLook;
    if (previous != null && previous.at().equals(look.at())) {
      return;
    }
    lastBrokenLook = look;
    List<String> broken = look.broken();
    if (broken.isEmpty()
        || drifting
        || previous == null
        || !broken.equals(previous.broken())
        || broken.equals(repairAttempted)) {
      return;
    }
    repairAttempted = broken;
    log.warn(
        "{} trigger(s) cannot be loaded ({}); reconciling to rebuild them",
        broken.size(),
        String.join(", ", broken));
    reloader.reload("broken triggers");
  }

  /** SHA-256 of a file's text, the same digest JobsConf records; empty when it is unreadable. */
  static Optional<String> hash(Path file) {
    try {
      return Optional.of(Sha256.hex(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
