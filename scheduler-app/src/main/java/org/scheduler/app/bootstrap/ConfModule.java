package org.scheduler.app.bootstrap;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import java.time.Clock;
import org.scheduler.api.Environment;
import org.scheduler.app.conf.ConfFiles;
import org.scheduler.app.conf.JobsConfLoader;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.scheduler.app.queue.QueuesConfigSource;

/**
 * Where the conf files are, the environment, the clock, and the reading of jobs.yaml. The sections
 * of scheduler.yaml are bound by the modules they configure.
 */
final class ConfModule extends AbstractModule {
  private final ConfFiles files;
  private final EnvSubstitution env;

  ConfModule(ConfFiles files, EnvSubstitution env) {
    this.files = requireNonNull(files, "files is null");
    this.env = requireNonNull(env, "env is null");
  }

  @Override
  protected void configure() {
    bind(ConfFiles.class).toInstance(files);
    bind(EnvSubstitution.class).toInstance(env);
    bind(Environment.class).toInstance(env::get);
    bind(Clock.class).toInstance(Clock.systemUTC());
    bind(JobsConfLoader.class).in(Scopes.SINGLETON);
    bind(QueuesConfigSource.class).to(SchedulerYamlQueues.class);
  }
}
