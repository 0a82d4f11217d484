package org.scheduler.app.quartz;

import static org.scheduler.api.JobTypeBinder.jobTypeBinder;

import com.google.inject.Guice;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.scheduler.api.JobType;
import org.scheduler.app.conf.JobsConf;
import org.scheduler.app.conf.JobsConfParser;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.scheduler.app.testing.TestJobsModule;
import org.scheduler.jobs.cleanup.CleanupJobType;

/** Real Quartz schedulers on a test database, as members of the node's cluster. */
final class QuartzTesting {
  static final Map<String, JobType> TYPES = types();

  private QuartzTesting() {}

  private static Map<String, JobType> types() {
    Map<String, JobType> types = new HashMap<>();
    TestJobsModule.types().forEach(type -> types.put(type.name(), type));
    types.put(CleanupJobType.NAME, CleanupJobType.create());
    return Map.copyOf(types);
  }

  /**
   * A scheduler in standby with its own cluster instance id. Quartz keeps one scheduler per name in
   * a JVM; taking the new one out of that registry lets a test hold two members of one cluster.
   */
  static Scheduler scheduler(DataSource dataSource, String instanceId, Duration misfireThreshold)
      throws SchedulerException {
    QuartzSchedulerFactory factory =
        new QuartzSchedulerFactory(
            new QuartzConfig(4, Duration.ofSeconds(1), misfireThreshold, Duration.ofSeconds(5)),
            dataSource,
            new GuiceJobFactory(
                Guice.createInjector(
                    binder -> TestJobsModule.types().forEach(jobTypeBinder(binder)::bind))));
    Scheduler scheduler = factory.create(instanceId);
    SchedulerRepository.getInstance().remove(QuartzSchedulerFactory.CLUSTER_NAME);
    return scheduler;
  }

  static JobsConf jobs(String yaml) {
    return new JobsConfParser(TYPES, new EnvSubstitution(Map.of())).parse("jobs.yaml", yaml);
  }
}
