package org.scheduler.app.bootstrap;

import com.google.inject.Binder;
import com.google.inject.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.scheduler.app.database.DatabaseModule;
import org.scheduler.app.health.HealthModule;
import org.scheduler.app.http.HttpModule;
import org.scheduler.app.lifecycle.LifecycleModule;
import org.scheduler.app.metrics.MetricsModule;
import org.scheduler.app.node.NodeModule;
import org.scheduler.app.quartz.QuartzModule;
import org.scheduler.app.queue.QueueApiModule;
import org.scheduler.app.reload.ReloadModule;
import org.scheduler.jobs.cleanup.CleanupModule;
import org.scheduler.jobs.history.JobRunHistoryModule;
import org.scheduler.jobs.monitor.RepositoryMonitorModule;
import org.scheduler.jobs.queue.QueueModule;
import org.scheduler.jobs.queue.handlers.MessageHandlersModule;

/** The list of modules a node is made of. */
public final class NodeModules {
  private NodeModules() {}

  /** Every injected class is bound by a module, and no dependency cycle is hidden by a proxy. */
  private static void strictInjector(Binder binder) {
    binder.requireExplicitBindings();
    binder.disableCircularProxies();
  }

  /** The node's modules, then those that jars on the classpath offer as extensions. */
  public static List<Module> modules(SchedulerConf conf, EnvSubstitution env) {
    List<Module> modules =
        new ArrayList<>(
            List.<Module>of(
                NodeModules::strictInjector,
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
                new MessageHandlersModule(),
                new RepositoryMonitorModule(conf.queues()),
                new QueueApiModule()));
    ServiceLoader.load(Module.class).forEach(modules::add);
    return modules;
  }
}
