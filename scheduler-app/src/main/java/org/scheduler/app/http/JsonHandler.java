package org.scheduler.app.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dispatches requests to endpoints and writes their answers, and every error, as JSON. */
final class JsonHandler extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(JsonHandler.class);

  private final Router router;
  private final ObjectMapper json;
  private final int maxBodySize;
  private final BearerAuth auth;

  JsonHandler(Router router, ObjectMapper json, int maxBodySize, BearerAuth auth) {
    this.router = requireNonNull(router, "router is null");
    this.json = requireNonNull(json, "json is null");
    this.maxBodySize = maxBodySize;
    this.auth = requireNonNull(auth, "auth is null");
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    JsonResponse answer = answer(request, path);
    byte[] body =
        answer.isJson()
            ? json.writeValueAsBytes(answer.body())
            : answer.body().toString().getBytes(StandardCharsets.UTF_8);
    response.setStatus(answer.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  private JsonResponse answer(Request request, String path) {
    Router.Match match = router.match(request.getMethod(), path);
    if (match instanceof Router.NotFound) {
      return JsonResponse.error(404, "no route " + request.getMethod() + " " + path);
    }
    if (match instanceof Router.WrongMethod wrong) {
      return JsonResponse.error(
          405, "method " + request.getMethod() + " not allowed here; use " + wrong.allowed());
    }
    Router.Found found = (Router.Found) match;
    String caller = "anyone";
    if (auth.enabled() && found.endpoint().access() != Access.PUBLIC) {
      Optional<String> who = auth.caller(request.getHeaders().get(HttpHeader.AUTHORIZATION));
      if (who.isEmpty()) {
        return JsonResponse.error(
            401, "missing or wrong token: send Authorization: Bearer <token>");
      }
      if (found.endpoint().access() == Access.WRITE && !who.get().equals("admin")) {
        return JsonResponse.error(
            403, "the read-only token cannot " + request.getMethod() + " " + path);
      }
      caller = who.get();
    }
    try {
      byte[] body = readBody(request);
      if (body == null) {
        return JsonResponse.error(
            413, "body larger than http.maxBodySize (" + maxBodySize + " bytes)");
      }
      JsonResponse response =
          found.endpoint().handle(new HttpRequest(found.pathParams(), query(request), body));
      if (found.endpoint().access() == Access.WRITE && response.status() < 300) {
        log.info("{} {} by the {} token: {}", request.getMethod(), path, caller, response.status());
      }
      return response;
    } catch (BadRequestException e) {
      return JsonResponse.error(400, e.getMessage());
    } catch (Exception e) {
      log.warn("{} {} failed", request.getMethod(), path, e);
      return JsonResponse.error(500, "internal error: " + e.getClass().getSimpleName());
    }
  }

  /** The body, or null when it is larger than allowed; reads no further than the limit. */
  private byte[] readBody(Request request) throws IOException {
    long declared = request.getLength();
    if (declared > maxBodySize) {
      return null;
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] body = in.readNBytes(maxBodySize + 1);
      return body.length > maxBodySize ? null : body;
    }
  }

  private static Map<String, String> query(Request request) {
    Map<String, String> params = new HashMap<>();
    Fields fields = Request.extractQueryParameters(request);
    for (Fields.Field field : fields) {
      params.put(field.getName(), field.getValue());
    }
    return params;
  }
}
