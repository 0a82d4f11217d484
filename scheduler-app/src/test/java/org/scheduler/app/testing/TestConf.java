package org.scheduler.app.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a conf directory for a node on a test database. */
public final class TestConf {
  private TestConf() {}

  public static Path write(Path directory, String jdbcUrl, int httpPort, String jobsYaml) {
    return write(directory, jdbcUrl, httpPort, "node", jobsYaml);
  }

  public static Path write(
      Path directory, String jdbcUrl, int httpPort, String nodeName, String jobsYaml) {
    return write(directory, jdbcUrl, httpPort, nodeName, jobsYaml, "");
  }

  /** {@code extraYaml} is appended to scheduler.yaml, e.g. a {@code queues:} section. */
  public static Path write(
      Path directory,
      String jdbcUrl,
      int httpPort,
      String nodeName,
      String jobsYaml,
      String extraYaml) {
    try {
      Files.createDirectories(directory);
      Files.writeString(
          directory.resolve("scheduler.yaml"),
          """
          node:
            name: %s
            drainDelay: PT0S
          http:
            host: 127.0.0.1
            port: %d
          database:
            url: %s
            poolSize: 20
          quartz:
            threads: 4
            checkInInterval: PT1S
            shutdownTimeout: PT5S
          """
                  .formatted(nodeName, httpPort, jdbcUrl)
              + extraYaml);
      Files.writeString(directory.resolve("jobs.yaml"), jobsYaml);
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
