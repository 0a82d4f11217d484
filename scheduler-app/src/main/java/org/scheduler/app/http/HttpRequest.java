package org.scheduler.app.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/** What an endpoint sees of a request: the path's placeholders and the query parameters. */
public record HttpRequest(
    Map<String, String> pathParams, Map<String, String> queryParams, byte[] body) {
  /** Ids are ASCII digits, at most 18 so that they fit a long. */
  private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[0-9]{1,18}");

  public HttpRequest {
    pathParams = Map.copyOf(requireNonNull(pathParams, "pathParams is null"));
    queryParams = Map.copyOf(requireNonNull(queryParams, "queryParams is null"));
    requireNonNull(body, "body is null");
  }

  /** The body as JSON, read by {@link StrictJson}; a 400 naming the path when it is not. */
  public JsonNode json() {
    return StrictJson.read(body);
  }

  /** A path placeholder that is an id: ASCII digits only; anything else is a 400 naming it. */
  public long id(String name) {
    String value = path(name);
    if (!ID.matcher(value).matches()) {
      throw new BadRequestException(name + ": expected an id (digits 0-9), got '" + value + "'");
    }
    return Long.parseLong(value);
  }

  public String path(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no path parameter " + name);
    }
    return value;
  }

  public Optional<String> query(String name) {
    return Optional.ofNullable(queryParams.get(name));
  }

  /** A whole-number query parameter within [min, max]; anything else is a 400 naming it. */
  public int intQuery(String name, int defaultValue, int min, int max) {
    return (int) longQuery(name, defaultValue, min, max);
  }

  /** As {@link #intQuery}, for ids and other values past an int. */
  public long longQuery(String name, long defaultValue, long min, long max) {
    Optional<String> value = query(name);
    if (value.isEmpty()) {
      return defaultValue;
    }
    if (value.get().matches("-?[0-9]{1,18}")) {
      long parsed = Long.parseLong(value.get());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    }
    throw new BadRequestException(
        name
            + ": expected a whole number from "
            + min
            + " to "
            + max
            + ", got '"
            + value.get()
            + "'");
  }
}
