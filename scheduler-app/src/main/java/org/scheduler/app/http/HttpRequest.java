package org.scheduler.app.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** What an endpoint sees of a request: the path's placeholders and the query parameters. */
public record HttpRequest(
    Map<String, String> pathParams, Map<String, String> queryParams, byte[] body) {
  private static final ObjectMapper json = new ObjectMapper();

  public HttpRequest {
    pathParams = Map.copyOf(requireNonNull(pathParams, "pathParams is null"));
    queryParams = Map.copyOf(requireNonNull(queryParams, "queryParams is null"));
    requireNonNull(body, "body is null");
  }

  /** The body as JSON; a 400 when it is empty or not JSON. */
  public JsonNode json() {
    if (body.length == 0) {
      throw new BadRequestException("body: expected JSON, got nothing");
    }
    try {
      return json.readTree(body);
    } catch (IOException e) {
      throw new BadRequestException(
          "body: not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
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
    Optional<String> value = query(name);
    if (value.isEmpty()) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value.get());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // answered below
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
