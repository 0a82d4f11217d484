package org.scheduler.api;

/** The value types a job's params can have in jobs.yaml. */
public enum ParamKind {
  STRING("a string"),
  INTEGER("a whole number"),
  BOOLEAN("true or false"),
  DURATION("an ISO-8601 duration such as PT30S or P7D"),
  STRING_LIST("a list of strings"),
  /** Any YAML value, kept as the JSON it maps to (objects, lists, strings, numbers...). */
  JSON("any value");

  private final String description;

  ParamKind(String description) {
    this.description = description;
  }

  /** How the kind reads in an error message: "expected " + description(). */
  public String description() {
    return description;
  }
}
