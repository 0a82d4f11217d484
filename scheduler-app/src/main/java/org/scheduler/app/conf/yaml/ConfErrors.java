package org.scheduler.app.conf.yaml;

import java.util.ArrayList;
import java.util.List;

/** Collects every error of one reading of a file, so that an operator sees them all at once. */
public final class ConfErrors {
  private final String file;
  private final List<ConfError> errors = new ArrayList<>();

  public ConfErrors(String file) {
    this.file = file;
  }

  public String file() {
    return file;
  }

  public void add(int line, String message) {
    errors.add(new ConfError(file, line, message));
  }

  public int count() {
    return errors.size();
  }

  public List<ConfError> list() {
    return List.copyOf(errors);
  }

  public void throwIfAny() {
    if (!errors.isEmpty()) {
      throw new ConfException(errors);
    }
  }
}
