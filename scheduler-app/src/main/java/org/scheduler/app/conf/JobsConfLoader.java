package org.scheduler.app.conf;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.util.Map;
import org.scheduler.api.JobType;
import org.scheduler.app.conf.yaml.EnvSubstitution;

/** Reads {@code jobs.yaml} against the job types registered with this node. */
public final class JobsConfLoader {
  private final ConfFiles files;
  private final Map<String, JobType> types;
  private final EnvSubstitution env;
  private JobsConf atStart;

  @Inject
  public JobsConfLoader(ConfFiles files, Map<String, JobType> types, EnvSubstitution env) {
    this.files = requireNonNull(files, "files is null");
    this.types = requireNonNull(types, "types is null");
    this.env = requireNonNull(env, "env is null");
  }

  /**
   * The jobs.yaml the node was started with: read and validated once, before any service starts,
   * and the same content applied when the scheduler starts (an edit in between is a reload's).
   */
  public synchronized JobsConf atStart() {
    if (atStart == null) {
      atStart = load();
    }
    return atStart;
  }

  /** Reads the file as it is now; throws {@link ConfException} listing every error. */
  public JobsConf load() {
    return new JobsConfParser(types, env).parse(files.jobsFile());
  }
}
