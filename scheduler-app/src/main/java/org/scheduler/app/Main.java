package org.scheduler.app;

import com.google.inject.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.scheduler.app.cli.ConfCommand;
import org.scheduler.app.cli.DbCommand;
import org.scheduler.app.cli.EnqueueCommand;
import org.scheduler.app.cli.QueueCommand;
import org.scheduler.app.cli.ServeCommand;
import org.scheduler.app.conf.ConfModule;
import org.scheduler.app.conf.EnvSubstitution;
import org.scheduler.app.conf.SchedulerConf;
import org.scheduler.app.database.DatabaseModule;
import org.scheduler.app.health.HealthModule;
import org.scheduler.app.http.HttpModule;
import org.scheduler.app.lifecycle.LifecycleModule;
import org.scheduler.app.logging.LogFormat;
import org.scheduler.app.logging.LogOutput;
import org.scheduler.app.metrics.MetricsModule;
import org.scheduler.app.node.NodeModule;
import org.scheduler.app.quartz.QuartzModule;
import org.scheduler.app.queue.QueueApiModule;
import org.scheduler.app.reload.ReloadModule;
import org.scheduler.jobs.cleanup.CleanupModule;
import org.scheduler.jobs.history.JobRunHistoryModule;
import org.scheduler.jobs.monitor.RepositoryMonitorModule;
import org.scheduler.jobs.queue.QueueModule;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line, and the list of modules a node is made of. */
@Command(
    name = "scheduler",
    mixinStandardHelpOptions = true,
    version = "scheduler 0.1.0",
    description = "Clustered job server: Quartz on PostgreSQL, configured in conf/.",
    subcommands = {
      ServeCommand.class,
      ConfCommand.class,
      DbCommand.class,
      EnqueueCommand.class,
      QueueCommand.class
    })
public final class Main {
  public static void main(String[] args) {
    // from the first line on; an invalid value is reported with the conf's errors
    EnvSubstitution.system()
        .get(LogFormat.VARIABLE)
        .flatMap(LogFormat::parse)
        .ifPresent(LogOutput::use);
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  /** The node's modules, then those that jars on the classpath offer as extensions. */
  public static List<Module> modules(SchedulerConf conf, EnvSubstitution env) {
    List<Module> modules =
        new ArrayList<>(
            List.of(
                new ConfModule(conf, env),
                new LifecycleModule(),
                new HealthModule(),
                new DatabaseModule(),
                new QuartzModule(),
                new HttpModule(),
                new NodeModule(),
                new ReloadModule(),
                new MetricsModule(),
                new JobRunHistoryModule(),
                new CleanupModule(),
                new QueueModule(conf.queues()),
                new RepositoryMonitorModule(conf.queues()),
                new QueueApiModule()));
    ServiceLoader.load(Module.class).forEach(modules::add);
    return modules;
  }
}
