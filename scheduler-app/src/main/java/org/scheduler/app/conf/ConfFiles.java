package org.scheduler.app.conf;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** Where a node's two conf files are: {@code scheduler.yaml} and {@code jobs.yaml}. */
public record ConfFiles(Path directory) {
  public static final String SCHEDULER_FILE_NAME = "scheduler.yaml";
  public static final String JOBS_FILE_NAME = "jobs.yaml";

  public ConfFiles {
    requireNonNull(directory, "directory is null");
  }

  public Path schedulerFile() {
    return directory.resolve(SCHEDULER_FILE_NAME);
  }

  public Path jobsFile() {
    return directory.resolve(JOBS_FILE_NAME);
  }
}
