package org.scheduler.app.http;

import java.util.Map;

/** A status and a body: written as JSON, or as text when it has a text content type. */
public record JsonResponse(int status, Object body, String contentType) {
  public static final String JSON = "application/json; charset=utf-8";

  public JsonResponse(int status, Object body) {
    this(status, body, JSON);
  }

  public static JsonResponse ok(Object body) {
    return new JsonResponse(200, body);
  }

  public static JsonResponse error(int status, String message) {
    return new JsonResponse(status, Map.of("error", message));
  }

  public static JsonResponse text(int status, String text, String contentType) {
    return new JsonResponse(status, text, contentType);
  }

  public boolean isJson() {
    return JSON.equals(contentType);
  }
}
