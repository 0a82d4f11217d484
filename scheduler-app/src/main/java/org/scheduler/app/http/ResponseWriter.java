package org.scheduler.app.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Writes an answer: JSON (errors in the {@link ApiError} shape, with the request id), never cached,
 * with the request id in {@code X-Request-Id}. A HEAD answer has the GET answer's headers and
 * length and no body.
 */
final class ResponseWriter {
  private final ObjectMapper json;

  ResponseWriter(ObjectMapper json) {
    this.json = requireNonNull(json, "json is null");
  }

  void write(Request request, Response response, Callback callback, JsonResponse answer, String id)
      throws JsonProcessingException {
    byte[] body = bytes(answer, id);
    response.setStatus(answer.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("X-Request-Id", id);
    for (Map.Entry<String, String> header : answer.headers().entrySet()) {
      response.getHeaders().put(header.getKey(), header.getValue());
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    if (request.getMethod().equals("HEAD")) {
      response.write(true, null, callback);
    } else {
      response.write(true, ByteBuffer.wrap(body), callback);
    }
  }

  private byte[] bytes(JsonResponse answer, String id) throws JsonProcessingException {
    if (answer.body() instanceof ApiError error) {
      return json.writeValueAsBytes(error.body(id));
    }
    return answer.isJson()
        ? json.writeValueAsBytes(answer.body())
        : answer.body().toString().getBytes(StandardCharsets.UTF_8);
  }
}
