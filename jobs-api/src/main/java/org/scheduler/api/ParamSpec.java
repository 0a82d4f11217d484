package org.scheduler.api;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One param a job type takes: its name, kind, whether it must be given, its default (in the
 * canonical form of {@link JobParams}) and, for numbers, the allowed range.
 */
public record ParamSpec(
    String name,
    ParamKind kind,
    boolean required,
    Optional<Object> defaultValue,
    long min,
    long max,
    String description) {
  public ParamSpec {
    requireNonNull(name, "name is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(defaultValue, "defaultValue is null");
    requireNonNull(description, "description is null");
    if (required && defaultValue.isPresent()) {
      throw new IllegalArgumentException("param " + name + " is required and has a default");
    }
  }

  public static ParamSpec required(String name, ParamKind kind, String description) {
    return new ParamSpec(
        name, kind, true, Optional.empty(), Long.MIN_VALUE, Long.MAX_VALUE, description);
  }

  public static ParamSpec optional(
      String name, ParamKind kind, Object defaultValue, String description) {
    return new ParamSpec(
        name,
        kind,
        false,
        Optional.ofNullable(defaultValue),
        Long.MIN_VALUE,
        Long.MAX_VALUE,
        description);
  }

  /** The same param, accepting only whole numbers in [min, max]. */
  public ParamSpec range(long min, long max) {
    return new ParamSpec(name, kind, required, defaultValue, min, max, description);
  }
}
