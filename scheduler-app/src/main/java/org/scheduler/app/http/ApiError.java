package org.scheduler.app.http;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one shape of every error the node answers, from an endpoint, the router, the guards or
 * Jetty's own parser: {@code {"error": {"code", "message", "details"?, "requestId"}}}. The code is
 * stable and meant for programs; the message is for people and names the field.
 */
public record ApiError(int status, String code, String message, Optional<Object> details) {
  public ApiError {
    requireNonNull(code, "code is null");
    requireNonNull(message, "message is null");
    requireNonNull(details, "details is null");
  }

  public ApiError(int status, String message) {
    this(status, codeOf(status), message, Optional.empty());
  }

  /** The body to write; the request id ties it to the node's log line. */
  public Map<String, Object> body(String requestId) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    details.ifPresent(value -> error.put("details", value));
    error.put("requestId", requestId);
    return Map.of("error", error);
  }

  static String codeOf(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 409 -> "conflict";
      case 413 -> "body_too_large";
      case 414 -> "uri_too_long";
      case 415 -> "unsupported_media_type";
      case 431 -> "headers_too_large";
      case 503 -> "unavailable";
      default -> status >= 500 ? "internal" : "client_error";
    };
  }
}
