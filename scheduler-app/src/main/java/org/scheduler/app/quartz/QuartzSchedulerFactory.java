package org.scheduler.app.quartz;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.util.Properties;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.DBConnectionManager;

/** Builds the clustered Quartz scheduler over the node's pool. */
public final class QuartzSchedulerFactory {
  /** Quartz's name for the cluster: every node must use the same one. */
  public static final String CLUSTER_NAME = "scheduler";

  private static final String DATA_SOURCE = "scheduler";

  private final QuartzConfig config;
  private final DataSource dataSource;
  private final GuiceJobFactory jobFactory;

  @Inject
  QuartzSchedulerFactory(QuartzConfig config, DataSource dataSource, GuiceJobFactory jobFactory) {
    this.config = requireNonNull(config, "config is null");
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.jobFactory = requireNonNull(jobFactory, "jobFactory is null");
  }

  /**
   * A scheduler in standby; {@code instanceId} AUTO lets Quartz derive a cluster-unique id from the
   * host name and the time.
   */
  public Scheduler create(String instanceId) throws SchedulerException {
    DBConnectionManager.getInstance()
        .addConnectionProvider(DATA_SOURCE, new PooledConnectionProvider(dataSource));
    Scheduler scheduler = new StdSchedulerFactory(properties(instanceId)).getScheduler();
    scheduler.setJobFactory(jobFactory);
    return scheduler;
  }

  Properties properties(String instanceId) {
    Properties properties = new Properties();
    properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, CLUSTER_NAME);
    properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, instanceId);
    properties.setProperty("org.quartz.threadPool.class", JobThreadPool.class.getName());
    properties.setProperty("org.quartz.threadPool.threadCount", Integer.toString(config.threads()));
    properties.setProperty("org.quartz.threadPool.threadNamePrefix", "quartz-worker");
    // room for fired jobs beyond the threads, so a burst is not taken ten at a time
    properties.setProperty(
        "org.quartz.threadPool.backlog", Integer.toString(config.acquisition().batchSize()));
    properties.setProperty(
        "org.quartz.threadPool.backlogWait",
        Long.toString(config.acquisition().backlogWait().toMillis()));
    properties.setProperty(
        "org.quartz.threadPool.shutdownTimeout",
        Long.toString(config.shutdownTimeout().toMillis()));
    properties.setProperty("org.quartz.jobStore.class", ClusterJobStore.class.getName());
    properties.setProperty(
        "org.quartz.jobStore.driverDelegateClass", DatabaseClockDelegate.class.getName());
    properties.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
    properties.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    properties.setProperty("org.quartz.jobStore.isClustered", "true");
    properties.setProperty(
        "org.quartz.jobStore.clusterCheckinInterval",
        Long.toString(config.checkInPeriod().toMillis()));
    properties.setProperty(
        "org.quartz.jobStore.failureTimeout", Long.toString(config.checkInInterval().toMillis()));
    // many triggers due at once are taken a batch per lock round trip, not one each
    QuartzConfig.Acquisition acquisition = config.acquisition();
    properties.setProperty(
        "org.quartz.scheduler.batchTriggerAcquisitionMaxCount",
        Integer.toString(acquisition.batchSize()));
    properties.setProperty(
        "org.quartz.scheduler.batchTriggerAcquisitionFireAheadTimeWindow",
        Long.toString(acquisition.fireAheadWindow().toMillis()));
    // Quartz's 30 s default kept a trigger released by a drained node waiting up to 30 s
    properties.setProperty(
        "org.quartz.scheduler.idleWaitTime", Long.toString(acquisition.idleWait().toMillis()));
    properties.setProperty(
        "org.quartz.jobStore.misfireThreshold",
        Long.toString(config.misfireThreshold().toMillis()));
    // job data holds strings only (params as JSON), never serialized Java objects
    properties.setProperty("org.quartz.jobStore.useProperties", "true");
    // with several nodes, acquiring triggers under the row lock keeps two nodes from taking one
    properties.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    // Quartz's own MBean, next to the node's metrics
    properties.setProperty("org.quartz.scheduler.jmx.export", "true");
    // a failed check-in is retried at the check-in pace, not Quartz's 15 s: a node that waited
    // longer than the failure timeout after one broken connection would be taken for dead
    properties.setProperty(
        "org.quartz.jobStore.dbRetryInterval", Long.toString(config.checkInPeriod().toMillis()));
    return properties;
  }
}
