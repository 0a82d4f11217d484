package org.scheduler.app.http;

import java.util.Map;

/** A status and a body that is written as JSON. */
public record JsonResponse(int status, Object body) {
  public static JsonResponse ok(Object body) {
    return new JsonResponse(200, body);
  }

  public static JsonResponse error(int status, String message) {
    return new JsonResponse(status, Map.of("error", message));
  }
}
