package org.scheduler.app.conf.yaml;

import static java.util.Objects.requireNonNull;

/** One problem in a conf file, with where it is and, when we can tell, how to fix it. */
public record ConfError(String file, int line, String message) {
  public ConfError {
    requireNonNull(file, "file is null");
    requireNonNull(message, "message is null");
  }

  /** {@code conf/jobs.yaml:12: message}, the form editors and CI logs link to. */
  @Override
  public String toString() {
    return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
  }
}
