package org.scheduler.app.conf.yaml;

import java.util.List;
import java.util.stream.Collectors;

/** A conf file has errors; all of them, each with its file and line. */
public final class ConfException extends RuntimeException {
  private final List<ConfError> errors;

  public ConfException(List<ConfError> errors) {
    super(
        errors.size()
            + " configuration error(s):\n"
            + errors.stream().map(error -> "  " + error).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<ConfError> errors() {
    return errors;
  }
}
