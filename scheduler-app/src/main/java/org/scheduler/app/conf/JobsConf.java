package org.scheduler.app.conf;

import java.util.List;
import java.util.Optional;

/** The validated content of {@code jobs.yaml}, with the digest of the text it came from. */
public record JobsConf(List<JobDefinition> jobs, String contentHash) {
  public JobsConf {
    jobs = List.copyOf(jobs);
  }

  public Optional<JobDefinition> job(String name) {
    return jobs.stream().filter(job -> job.name().equals(name)).findFirst();
  }
}
