package org.scheduler.app.quartz;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.MetricRegistry;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.matchers.EverythingMatcher;
import org.scheduler.api.JobState;
import org.scheduler.api.JobType;
import org.scheduler.app.conf.JobDefinition;
import org.scheduler.app.conf.JobsConf;
import org.scheduler.app.conf.JobsConfLoader;
import org.scheduler.app.conf.NodeConfig;
import org.scheduler.app.health.ReadinessCheck;
import org.scheduler.app.lifecycle.Service;
import org.scheduler.jobs.history.JobRunHistory;
import org.scheduler.jobs.history.JobRunWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the node's Quartz scheduler: built at start, schedule reconciled with {@code jobs.yaml},
 * then started; at stop put in standby, running jobs given {@code quartz.shutdownTimeout} to end,
 * then shut down.
 */
public final class QuartzSchedulerService implements Service, ReadinessCheck {
  private static final Logger log = LoggerFactory.getLogger(QuartzSchedulerService.class);
  private static final Duration HISTORY_STOP_TIMEOUT = Duration.ofSeconds(5);

  private final QuartzSchedulerFactory factory;
  private final JobsConfLoader jobsConfLoader;
  private final JobRunHistory history;
  private final DataSource dataSource;
  private final Map<String, JobType> types;
  private final Clock clock;
  private final MetricRegistry metrics;
  private final ConfVersions versions;
  private final NodeConfig node;
  private final Set<JobState> jobStates;
  private volatile Scheduler scheduler;
  private volatile JobRunWriter writer;

  @Inject
  public QuartzSchedulerService(
      QuartzSchedulerFactory factory,
      JobsConfLoader jobsConfLoader,
      JobRunHistory history,
      DataSource dataSource,
      Map<String, JobType> types,
      Clock clock,
      MetricRegistry metrics,
      ConfVersions versions,
      NodeConfig node,
      Set<JobState> jobStates) {
    this.jobStates = Set.copyOf(requireNonNull(jobStates, "jobStates is null"));
    this.factory = requireNonNull(factory, "factory is null");
    this.jobsConfLoader = requireNonNull(jobsConfLoader, "jobsConfLoader is null");
    this.history = requireNonNull(history, "history is null");
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.types = requireNonNull(types, "types is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.versions = requireNonNull(versions, "versions is null");
    this.node = requireNonNull(node, "node is null");
  }

  @Override
  public Phase phase() {
    return Phase.SCHEDULER;
  }

  @Override
  public void start() throws Exception {
    Scheduler created = factory.create("AUTO");
    writer = new JobRunWriter(history);
    writer.start();
    JobRunRecorder recorder =
        new JobRunRecorder(writer, history, created.getSchedulerInstanceId(), metrics, clock);
    created.getListenerManager().addJobListener(recorder, EverythingMatcher.allJobs());
    created.getListenerManager().addTriggerListener(recorder, EverythingMatcher.allTriggers());
    scheduler = created;
    apply(jobsConfLoader.atStart());
    created.start();
    log.info("Scheduler started as cluster node {}", created.getSchedulerInstanceId());
  }

  /**
   * The one way a jobs.yaml reaches the cluster, at start and on every reload: reconciled under the
   * cluster's advisory lock, its version recorded in that same hold, and the metrics and the job
   * types' state ({@link JobState}) of jobs it no longer has removed.
   */
  public ScheduleReconciler.Result apply(JobsConf conf) throws Exception {
    ScheduleReconciler.Result result =
        new ScheduleReconciler(scheduler(), dataSource, types, new QuartzJobs(clock))
            .apply(conf, applied -> versions.record(conf.contentHash(), node.name()));
    Set<String> names =
        conf.jobs().stream().map(JobDefinition::name).collect(Collectors.toUnmodifiableSet());
    JobMetrics.retainOnly(metrics, names);
    for (JobState state : jobStates) {
      try {
        state.retainOnly(names);
      } catch (SQLException e) {
        // the schedule is applied; the state of removed jobs goes at the next apply
        log.warn("Could not delete the state of removed jobs ({}): {}", state, e.toString());
      }
    }
    return result;
  }

  /** The running scheduler; throws before start. */
  public Scheduler scheduler() {
    Scheduler current = scheduler;
    if (current == null) {
      throw new IllegalStateException("the scheduler has not started");
    }
    return current;
  }

  /**
   * Stops firing triggers on this node and hands the ones it acquired back to the cluster; running
   * jobs go on. Does nothing before start or after stop.
   */
  public void standby() {
    Scheduler current = scheduler;
    try {
      if (current != null && !current.isShutdown()) {
        current.standby();
      }
    } catch (SchedulerException e) {
      log.warn("Could not put the scheduler in standby: {}", e.toString());
    }
  }

  /**
   * Stops firing; the jobs already fired, running or waiting for a thread, get {@code
   * quartz.shutdownTimeout} to end ({@link JobThreadPool#shutdown}), and then their history is
   * written.
   */
  @Override
  public void stop() throws InterruptedException {
    Scheduler current = scheduler;
    try {
      if (current != null && !current.isShutdown()) {
        current.standby();
        current.shutdown(false);
      }
    } catch (SchedulerException e) {
      log.warn("Could not stop the scheduler: {}", e.toString());
    }
    JobRunWriter currentWriter = writer;
    if (currentWriter != null) {
      currentWriter.stop(HISTORY_STOP_TIMEOUT);
    }
  }

  @Override
  public String name() {
    return "scheduler";
  }

  @Override
  public Optional<String> problem() {
    Scheduler current = scheduler;
    try {
      if (current == null || !current.isStarted() || current.isInStandbyMode()) {
        return Optional.of("scheduler not started");
      }
      return current.isShutdown() ? Optional.of("scheduler shut down") : Optional.empty();
    } catch (SchedulerException e) {
      return Optional.of("scheduler: " + e.getMessage());
    }
  }
}
