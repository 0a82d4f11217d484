package org.scheduler.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/openapi.json}: the OpenAPI 3.1 description of every route, kept in the jar as
 * {@code http/openapi.json}; a test holds it to the routes the router serves.
 */
final class OpenApiEndpoint implements Endpoint {
  static final String RESOURCE = "/http/openapi.json";

  private final JsonNode document;

  OpenApiEndpoint() {
    this.document = load();
  }

  static JsonNode load() {
    try (InputStream in = OpenApiEndpoint.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(RESOURCE + " cannot be read", e);
    }
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String path() {
    return "/api/openapi.json";
  }

  @Override
  public JsonResponse handle(HttpRequest request) {
    return JsonResponse.ok(document);
  }
}
