package org.scheduler.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --conf DIR}, shared by every command. */
public final class ConfDirectoryOption {
  @Option(
      names = "--conf",
      paramLabel = "DIR",
      defaultValue = "conf",
      description = "Directory with scheduler.yaml and jobs.yaml (default: ${DEFAULT-VALUE}).")
  Path directory;

  public Path directory() {
    return directory;
  }
}
