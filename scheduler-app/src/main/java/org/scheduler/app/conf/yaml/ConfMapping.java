package org.scheduler.app.conf.yaml;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reading of one YAML mapping. Every key that is asked for becomes known; {@link #finish()}
 * reports the keys nobody asked for, with the closest known key. Errors are collected, never
 * thrown, so one pass finds every problem; a getter whose value is bad returns its default.
 */
public final class ConfMapping {
  private final String path;
  private final int line;
  private final ConfErrors errors;
  private final EnvSubstitution env;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final Set<String> known = new LinkedHashSet<>();

  private ConfMapping(String path, int line, ConfErrors errors, EnvSubstitution env) {
    this.path = requireNonNull(path, "path is null");
    this.line = line;
    this.errors = requireNonNull(errors, "errors is null");
    this.env = requireNonNull(env, "env is null");
  }

  /** The mapping at {@code node}; a node of another shape is an error and reads as empty. */
  public static ConfMapping of(Node node, String path, ConfErrors errors, EnvSubstitution env) {
    ConfMapping mapping =
        new ConfMapping(path, node == null ? 0 : YamlFile.line(node), errors, env);
    if (node == null || isNull(node)) {
      return mapping;
    }
    if (!(node instanceof MappingNode mappingNode)) {
      errors.add(
          YamlFile.line(node), (path.isEmpty() ? "the file" : path) + ": expected a mapping");
      return mapping;
    }
    for (NodeTuple tuple : mappingNode.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        errors.add(YamlFile.line(tuple.getKeyNode()), "keys must be plain words");
        continue;
      }
      NodeTuple previous = mapping.entries.putIfAbsent(key.getValue(), tuple);
      if (previous != null) {
        errors.add(
            YamlFile.line(key),
            mapping.name(key.getValue())
                + " is given twice (first on line "
                + YamlFile.line(previous.getKeyNode())
                + ")");
      }
    }
    return mapping;
  }

  public static ConfMapping empty(String path, ConfErrors errors, EnvSubstitution env) {
    return new ConfMapping(path, 0, errors, env);
  }

  private static ConfMapping empty(String path, int line, ConfErrors errors, EnvSubstitution env) {
    return new ConfMapping(path, line, errors, env);
  }

  public int line() {
    return line;
  }

  public int line(String key) {
    NodeTuple tuple = entries.get(key);
    return tuple == null ? line : YamlFile.line(tuple.getKeyNode());
  }

  public ConfErrors errors() {
    return errors;
  }

  /** An environment variable, for settings that the environment may give instead of the file. */
  public Optional<String> environment(String variable) {
    return env.get(variable);
  }

  /** The full name of a key, as error messages show it: {@code database.poolSize}. */
  public String name(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public boolean has(String key) {
    known.add(key);
    NodeTuple tuple = entries.get(key);
    return tuple != null && !isNull(tuple.getValueNode());
  }

  public Optional<Node> node(String key) {
    known.add(key);
    NodeTuple tuple = entries.get(key);
    return tuple == null || isNull(tuple.getValueNode())
        ? Optional.empty()
        : Optional.of(tuple.getValueNode());
  }

  /** A scalar value with environment references replaced; empty when absent or blank. */
  public Optional<String> string(String key) {
    Optional<Node> node = node(key);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (!(node.get() instanceof ScalarNode scalar)) {
      errors.add(line(key), name(key) + ": expected a single value, not a list or mapping");
      return Optional.empty();
    }
    try {
      String value = env.apply(scalar.getValue()).trim();
      return value.isEmpty() ? Optional.empty() : Optional.of(value);
    } catch (EnvSubstitution.UnsetVariableException e) {
      errors.add(line(key), name(key) + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  public String string(String key, String defaultValue) {
    return string(key).orElse(defaultValue);
  }

  public int integer(String key, int defaultValue, int min, int max) {
    Optional<String> value = string(key);
    if (value.isEmpty()) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value.get());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(
        line(key),
        name(key)
            + ": expected a whole number from "
            + min
            + " to "
            + max
            + ", got '"
            + value.get()
            + "'");
    return defaultValue;
  }

  public boolean bool(String key, boolean defaultValue) {
    Optional<String> value = string(key);
    if (value.isEmpty()) {
      return defaultValue;
    }
    return switch (value.get()) {
      case "true" -> true;
      case "false" -> false;
      default -> {
        errors.add(line(key), name(key) + ": expected true or false, got '" + value.get() + "'");
        yield defaultValue;
      }
    };
  }

  /** An ISO-8601 duration such as PT30S, within [min, max]. */
  public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
    Optional<String> value = string(key);
    if (value.isEmpty()) {
      return defaultValue;
    }
    try {
      Duration parsed = Duration.parse(value.get());
      if (parsed.compareTo(min) >= 0 && parsed.compareTo(max) <= 0) {
        return parsed;
      }
      errors.add(
          line(key), name(key) + ": must be from " + min + " to " + max + ", got " + value.get());
    } catch (DateTimeParseException e) {
      errors.add(
          line(key),
          name(key) + ": expected an ISO-8601 duration such as PT30S, got '" + value.get() + "'");
    }
    return defaultValue;
  }

  /** A nested mapping; absent reads as an empty mapping. */
  public ConfMapping mapping(String key) {
    return node(key)
        .map(node -> ConfMapping.of(node, name(key), errors, env))
        .orElseGet(() -> ConfMapping.empty(name(key), line, errors, env));
  }

  public List<String> keys() {
    return List.copyOf(entries.keySet());
  }

  /** Reports every key that no getter asked for. */
  public void finish() {
    for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
      if (!known.contains(entry.getKey())) {
        errors.add(
            YamlFile.line(entry.getValue().getKeyNode()),
            "unknown key '" + name(entry.getKey()) + "'" + DidYouMean.hint(entry.getKey(), known));
      }
    }
  }

  private static boolean isNull(Node node) {
    return Tag.NULL.equals(node.getTag());
  }
}
