package org.scheduler.app.bootstrap;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import java.time.Clock;
import org.scheduler.api.Environment;
import org.scheduler.app.conf.ConfFiles;
import org.scheduler.app.conf.JobsConfLoader;
import org.scheduler.app.conf.NodeConfig;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.scheduler.app.database.DatabaseConfig;
import org.scheduler.app.http.HttpConfig;
import org.scheduler.app.metrics.MetricsConfig;
import org.scheduler.app.quartz.QuartzConfig;

/** The validated configuration, one object per capability, and the clock. */
public final class ConfModule extends AbstractModule {
  private final SchedulerConf conf;
  private final EnvSubstitution env;

  public ConfModule(SchedulerConf conf, EnvSubstitution env) {
    this.conf = requireNonNull(conf, "conf is null");
    this.env = requireNonNull(env, "env is null");
  }

  @Override
  protected void configure() {
    bind(SchedulerConf.class).toInstance(conf);
    bind(ConfFiles.class).toInstance(new ConfFiles(conf.directory()));
    bind(EnvSubstitution.class).toInstance(env);
    bind(Environment.class).toInstance(env::get);
    bind(NodeConfig.class).toInstance(conf.node());
    bind(HttpConfig.class).toInstance(conf.http());
    bind(DatabaseConfig.class).toInstance(conf.database());
    bind(QuartzConfig.class).toInstance(conf.quartz());
    bind(MetricsConfig.class).toInstance(conf.metrics());
    bind(Clock.class).toInstance(Clock.systemUTC());
    bind(JobsConfLoader.class).in(Scopes.SINGLETON);
  }
}
