package org.scheduler.app.conf.yaml;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in conf values with the environment's
 * values, so that secrets and per-node settings stay out of the files.
 */
public final class EnvSubstitution {
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final Map<String, String> environment;

  public EnvSubstitution(Map<String, String> environment) {
    this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
  }

  public static EnvSubstitution system() {
    return new EnvSubstitution(System.getenv());
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(environment.get(name)).filter(value -> !value.isEmpty());
  }

  /**
   * The value with every reference replaced; a reference to an unset variable without a default is
   * an error naming the variable (never its value).
   */
  public String apply(String value) throws UnsetVariableException {
    if (value.indexOf("${") < 0) {
      return value;
    }
    Matcher matcher = REFERENCE.matcher(value);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String replacement = get(name).orElse(matcher.group(2));
      if (replacement == null) {
        throw new UnsetVariableException(name);
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(result);
    return result.toString();
  }

  /** A conf value names an environment variable that is not set and gives no default. */
  public static final class UnsetVariableException extends Exception {
    private final String variable;

    UnsetVariableException(String variable) {
      super("environment variable " + variable + " is not set and no default is given");
      this.variable = variable;
    }

    public String variable() {
      return variable;
    }
  }
}
