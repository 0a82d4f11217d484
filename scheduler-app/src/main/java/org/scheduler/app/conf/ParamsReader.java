package org.scheduler.app.conf;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.scheduler.api.JobParams;
import org.scheduler.api.JobType;
import org.scheduler.api.ParamKind;
import org.scheduler.api.ParamSpec;
import org.scheduler.app.conf.yaml.ConfMapping;
import org.scheduler.app.conf.yaml.YamlFile;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads a job's {@code params} mapping against the params its type declares. */
final class ParamsReader {
  private final ConfMapping params;
  private final String job;

  private ParamsReader(ConfMapping params, String job) {
    this.params = params;
    this.job = job;
  }

  /** The params with defaults filled in; every problem goes to the mapping's errors. */
  static JobParams read(ConfMapping params, JobType type, String job) {
    return new ParamsReader(params, job).read(type);
  }

  private JobParams read(JobType type) {
    int errorsBefore = params.errors().count();
    Map<String, Object> values = new LinkedHashMap<>();
    for (ParamSpec spec : type.params()) {
      if (!params.has(spec.name())) {
        if (spec.required()) {
          error(params.line(), spec.name(), "is required (" + spec.description() + ")");
        }
        spec.defaultValue().ifPresent(value -> values.put(spec.name(), value));
        continue;
      }
      int errorsBeforeParam = params.errors().count();
      Optional<Object> value = read(spec);
      if (value.isPresent()) {
        values.put(spec.name(), value.get());
      } else if (params.errors().count() == errorsBeforeParam) {
        // given but empty, such as "${UNSET:-}": as if left out
        spec.defaultValue().ifPresent(fallback -> values.put(spec.name(), fallback));
      }
    }
    params.finish();
    JobParams result = new JobParams(values);
    if (params.errors().count() == errorsBefore) {
      type.check(
          result, message -> params.errors().add(params.line(), "job '" + job + "': " + message));
    }
    return result;
  }

  private Optional<Object> read(ParamSpec spec) {
    String key = spec.name();
    String expected = "expected " + spec.kind().description();
    if (spec.kind() == ParamKind.STRING_LIST) {
      Node node = params.node(key).orElseThrow();
      if (!(node instanceof SequenceNode sequence)) {
        error(params.line(key), key, expected);
        return Optional.empty();
      }
      List<String> items = new ArrayList<>();
      for (Node item : sequence.getValue()) {
        if (!(item instanceof ScalarNode scalar)) {
          error(YamlFile.line(item), key, expected + ", each item a single value");
          return Optional.empty();
        }
        items.add(scalar.getValue());
      }
      return Optional.of(List.copyOf(items));
    }
    if (spec.kind() == ParamKind.JSON) {
      return Optional.ofNullable(YamlJson.toJson(params.node(key).orElseThrow()));
    }
    int errorsBefore = params.errors().count();
    Optional<String> text = params.string(key);
    if (text.isEmpty()) {
      if (spec.required() && params.errors().count() == errorsBefore) {
        error(
            params.line(key), key, "is required (" + spec.description() + "), got an empty value");
      }
      return Optional.empty();
    }
    Optional<Object> value = convert(spec.kind(), text.get());
    if (value.isEmpty()) {
      error(params.line(key), key, expected + ", got '" + text.get() + "'");
    } else if (value.get() instanceof Long number && (number < spec.min() || number > spec.max())) {
      error(
          params.line(key),
          key,
          "expected a whole number from " + spec.min() + " to " + spec.max() + ", got " + number);
      return Optional.empty();
    }
    return value;
  }

  private static Optional<Object> convert(ParamKind kind, String value) {
    try {
      return switch (kind) {
        case STRING -> Optional.of(value);
        case INTEGER -> Optional.of(Long.parseLong(value));
        case BOOLEAN ->
            value.equals("true") || value.equals("false")
                ? Optional.of(Boolean.parseBoolean(value))
                : Optional.empty();
        case DURATION -> Optional.of(Duration.parse(value).toString());
        case STRING_LIST, JSON -> Optional.empty();
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private void error(int line, String key, String message) {
    params.errors().add(line, "job '" + job + "': " + params.name(key) + ": " + message);
  }
}
