package org.scheduler.app.conf;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.util.Map;
import org.scheduler.jobs.spi.JobType;

/** Reads {@code jobs.yaml} against the job types registered with this node. */
public final class JobsConfLoader {
  private final ConfFiles files;
  private final Map<String, JobType> types;
  private final EnvSubstitution env;

  @Inject
  public JobsConfLoader(ConfFiles files, Map<String, JobType> types, EnvSubstitution env) {
    this.files = requireNonNull(files, "files is null");
    this.types = requireNonNull(types, "types is null");
    this.env = requireNonNull(env, "env is null");
  }

  /** Throws {@link ConfException} listing every error. */
  public JobsConf load() {
    return new JobsConfParser(types, env).parse(files.jobsFile());
  }
}
