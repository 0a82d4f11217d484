package org.scheduler.app.bootstrap;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import org.scheduler.app.conf.ConfFiles;
import org.scheduler.app.conf.yaml.ConfException;
import org.scheduler.app.conf.yaml.ConfSections;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.scheduler.app.queue.QueuesConfigSource;
import org.scheduler.jobs.queue.QueuesConfig;

/**
 * Reads scheduler.yaml again the node's own way (every module reads its section, the rule across
 * sections is checked, every error is reported), for the queues' settings that apply at run time.
 */
final class SchedulerYamlQueues implements QueuesConfigSource {
  private final ConfFiles files;
  private final EnvSubstitution env;

  @Inject
  SchedulerYamlQueues(ConfFiles files, EnvSubstitution env) {
    this.files = requireNonNull(files, "files is null");
    this.env = requireNonNull(env, "env is null");
  }

  @Override
  public QueuesConfig read() throws ConfException {
    return NodeModules.queues(ConfSections.read(files.schedulerFile(), env), env);
  }
}
