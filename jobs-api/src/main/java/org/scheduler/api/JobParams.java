package org.scheduler.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.quartz.JobExecutionContext;

/**
 * A job's validated params in canonical form: strings, longs, booleans, durations as ISO-8601
 * strings, and lists of strings. Stored with the Quartz job as JSON, so every node runs a job with
 * the params the conf gave it.
 */
public final class JobParams {
  /** The key under which the params' JSON is kept in the Quartz job data. */
  public static final String JOB_DATA_KEY = "params";

  private static final ObjectMapper json =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final Map<String, Object> values;

  public JobParams(Map<String, Object> values) {
    this.values = new TreeMap<>(requireNonNull(values, "values is null"));
  }

  public static JobParams empty() {
    return new JobParams(Map.of());
  }

  public static JobParams of(JobExecutionContext context) {
    String data = context.getMergedJobDataMap().getString(JOB_DATA_KEY);
    return data == null ? empty() : fromJson(data);
  }

  public static JobParams fromJson(String data) {
    try {
      return new JobParams(json.readValue(data, new TypeReference<Map<String, Object>>() {}));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("job params are not valid JSON: " + e.getMessage(), e);
    }
  }

  public String toJson() {
    try {
      return json.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public Map<String, Object> asMap() {
    return values;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public String string(String name) {
    return (String) value(name);
  }

  public long integer(String name) {
    return ((Number) value(name)).longValue();
  }

  public boolean bool(String name) {
    return (Boolean) value(name);
  }

  public Duration duration(String name) {
    return Duration.parse(string(name));
  }

  /** A {@link ParamKind#JSON} param as a JSON tree. */
  public JsonNode json(String name) {
    return json.valueToTree(values.get(name));
  }

  @SuppressWarnings("unchecked")
  public List<String> stringList(String name) {
    return List.copyOf((List<String>) value(name));
  }

  private Object value(String name) {
    Object value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("job param '" + name + "' is not set");
    }
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JobParams that && values.equals(that.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }
}
