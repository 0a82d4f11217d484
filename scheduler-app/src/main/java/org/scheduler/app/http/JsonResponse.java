package org.scheduler.app.http;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A status, a body and extra headers: written as JSON, or as text when it has a text content type.
 * Errors carry an {@link ApiError}, so every endpoint answers them in the same shape.
 */
public record JsonResponse(
    int status, Object body, String contentType, Map<String, String> headers) {
  public static final String JSON = "application/json; charset=utf-8";

  public JsonResponse {
    requireNonNull(body, "body is null");
    requireNonNull(contentType, "contentType is null");
    headers = Map.copyOf(requireNonNull(headers, "headers is null"));
  }

  public JsonResponse(int status, Object body) {
    this(status, body, JSON, Map.of());
  }

  public static JsonResponse ok(Object body) {
    return new JsonResponse(200, body);
  }

  public static JsonResponse error(int status, String message) {
    return new JsonResponse(status, new ApiError(status, message));
  }

  /** An error with a specific code and details a program can act on (e.g. every conf error). */
  public static JsonResponse error(int status, String code, String message, Object details) {
    return new JsonResponse(
        status, new ApiError(status, code, message, Optional.ofNullable(details)));
  }

  public static JsonResponse text(int status, String text, String contentType) {
    return new JsonResponse(status, text, contentType, Map.of());
  }

  public JsonResponse withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new JsonResponse(status, body, contentType, more);
  }

  public boolean isJson() {
    return JSON.equals(contentType);
  }
}
