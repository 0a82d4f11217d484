package org.scheduler.app.bootstrap;

import com.google.inject.Binder;
import com.google.inject.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.scheduler.app.conf.ConfFiles;
import org.scheduler.app.conf.yaml.ConfSections;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.scheduler.app.database.DatabaseModule;
import org.scheduler.app.health.HealthModule;
import org.scheduler.app.http.HttpModule;
import org.scheduler.app.lifecycle.LifecycleModule;
import org.scheduler.app.logging.LoggingModule;
import org.scheduler.app.metrics.MetricsModule;
import org.scheduler.app.node.NodeModule;
import org.scheduler.app.quartz.QuartzModule;
import org.scheduler.app.queue.QueueApiModule;
import org.scheduler.app.reload.ReloadModule;
import org.scheduler.jobs.cleanup.CleanupModule;
import org.scheduler.jobs.history.JobRunHistoryModule;
import org.scheduler.jobs.monitor.RepositoryMonitorModule;
import org.scheduler.jobs.queue.QueueModule;
import org.scheduler.jobs.queue.QueuesConfig;
import org.scheduler.jobs.queue.handlers.MessageHandlersModule;

/** The list of modules a node is made of. */
final class NodeModules {
  private NodeModules() {}

  /** Every injected class is bound by a module, and no dependency cycle is hidden by a proxy. */
  private static void strictInjector(Binder binder) {
    binder.requireExplicitBindings();
    binder.disableCircularProxies();
  }

  /**
   * The node's modules, each reading its section of scheduler.yaml, then those that jars on the
   * classpath offer as extensions. Throws ConfException with every error of the file.
   */
  static List<Module> modules(ConfSections conf, EnvSubstitution env) {
    List<Module> modules = ownModules(conf, env);
    ServiceLoader.load(Module.class).forEach(modules::add);
    return modules;
  }

  /** The queues of a scheduler.yaml that is valid as a whole; throws ConfException otherwise. */
  static QueuesConfig queues(ConfSections conf, EnvSubstitution env) {
    return ownModules(conf, env).stream()
        .filter(QueueApiModule.class::isInstance)
        .map(module -> ((QueueApiModule) module).config())
        .findFirst()
        .orElseThrow();
  }

  private static List<Module> ownModules(ConfSections conf, EnvSubstitution env) {
    // constructed in the order the effective configuration is logged
    NodeModule node = new NodeModule(conf);
    HttpModule http = new HttpModule(conf);
    DatabaseModule database = new DatabaseModule(conf);
    QuartzModule quartz = new QuartzModule(conf);
    QueueApiModule queueApi = new QueueApiModule(conf);
    MetricsModule metrics = new MetricsModule(conf);
    LoggingModule logging = new LoggingModule(conf);
    List<Module> modules =
        new ArrayList<>(
            List.<Module>of(
                NodeModules::strictInjector,
                new ConfModule(new ConfFiles(conf.file().getParent()), env),
                new LifecycleModule(),
                new HealthModule(),
                database,
                quartz,
                http,
                node,
                new ReloadModule(),
                metrics,
                logging,
                new JobRunHistoryModule(),
                new CleanupModule(),
                new QueueModule(queueApi.config()),
                new MessageHandlersModule(),
                new RepositoryMonitorModule(),
                queueApi));
    ConnectionBudget.check(conf, database.config(), quartz.config(), queueApi.config());
    conf.finish();
    return modules;
  }
}
