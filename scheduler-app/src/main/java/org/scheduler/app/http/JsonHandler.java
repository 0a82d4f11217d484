package org.scheduler.app.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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

/**
 * Every request passes the same gates in the same order, each answering in the common error shape
 * before anything is read or stored: route (404, 405), token (401, 403), open-mode origin checks
 * (403), content type (415), body size from Content-Length (413), then the endpoint.
 */
final class JsonHandler extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(JsonHandler.class);

  private final Router router;
  private final ResponseWriter writer;
  private final int maxBodySize;
  private final BearerAuth auth;
  private final AuditLog audit;

  JsonHandler(
      Router router, ResponseWriter writer, int maxBodySize, BearerAuth auth, AuditLog audit) {
    this.router = requireNonNull(router, "router is null");
    this.writer = requireNonNull(writer, "writer is null");
    this.maxBodySize = maxBodySize;
    this.auth = requireNonNull(auth, "auth is null");
    this.audit = requireNonNull(audit, "audit is null");
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String id = RequestIds.next();
    JsonResponse answer;
    try {
      answer = answer(request, id);
    } catch (BadRequestException e) {
      answer = JsonResponse.error(400, e.getMessage());
    } catch (Exception e) {
      log.warn(
          "{} {} failed (request {})", request.getMethod(), request.getHttpURI().getPath(), id, e);
      answer = JsonResponse.error(500, "internal error; the node's log has the details");
    }
    writer.write(request, response, callback, answer, id);
    return true;
  }

  private JsonResponse answer(Request request, String id) throws Exception {
    String method = request.getMethod();
    String path = request.getHttpURI().getPath();
    String remote = Request.getRemoteAddr(request);
    Router.Match match = router.match(method, PathSegments.decode(path));
    if (match instanceof Router.NotFound) {
      return JsonResponse.error(404, "no route " + method + " " + path);
    }
    if (match instanceof Router.WrongMethod wrong) {
      String allowed = String.join(", ", wrong.allowed());
      return JsonResponse.error(405, "method " + method + " not allowed here; use " + allowed)
          .withHeader("Allow", allowed);
    }
    Router.Found found = (Router.Found) match;
    Access access = found.endpoint().access();
    String caller = "anyone (open mode)";
    if (auth.enabled() && access != Access.PUBLIC) {
      Optional<String> who = auth.caller(request.getHeaders().get(HttpHeader.AUTHORIZATION));
      if (who.isEmpty()) {
        String reason = "missing or wrong token: send Authorization: Bearer <token>";
        audit.refused(401, method, path, remote, reason, id);
        return JsonResponse.error(401, reason)
            .withHeader("WWW-Authenticate", "Bearer realm=\"scheduler\"");
      }
      if (access == Access.WRITE && !who.get().equals("admin")) {
        String reason = "the read-only token cannot " + method + " " + path;
        audit.refused(403, method, path, remote, reason, id);
        return JsonResponse.error(403, reason);
      }
      caller = "the " + who.get() + " token";
    } else if (!auth.enabled()) {
      Optional<String> refusal = OpenModeGuard.refusal(request);
      if (refusal.isPresent()) {
        audit.refused(403, method, path, remote, refusal.get(), id);
        return JsonResponse.error(403, refusal.get());
      }
    }
    boolean write = !method.equals("GET") && !method.equals("HEAD");
    if (write && !isJson(request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
      return JsonResponse.error(
          415,
          "send Content-Type: application/json (UTF-8) with every "
              + method
              + ", even one without a body");
    }
    long declared = request.getLength();
    if (declared > maxBodySize) {
      return tooLarge();
    }
    byte[] body = readBody(request);
    if (body == null) {
      return tooLarge().withHeader("Connection", "close");
    }
    if (!found.endpoint().takesBody() && !StrictJson.isBlank(body)) {
      JsonNode given = StrictJson.read(body);
      if (!given.isObject() || given.size() > 0) {
        throw new BadRequestException("body: " + method + " " + path + " takes no body (or {})");
      }
    }
    JsonResponse response =
        found.endpoint().handle(new HttpRequest(found.pathParams(), query(request), body));
    if (write && response.status() < 300) {
      audit.accepted(method, path, caller, remote, response.status(), id);
    }
    return response;
  }

  private JsonResponse tooLarge() {
    return JsonResponse.error(413, "body larger than http.maxBodySize (" + maxBodySize + " bytes)");
  }

  /** {@code application/json}, optionally with {@code charset=utf-8}; nothing else. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
    if (!parts[0].strip().equals("application/json")) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip().replace("\"", "");
      if (!parameter.isEmpty() && !parameter.equals("charset=utf-8")) {
        return false;
      }
    }
    return true;
  }

  /** The body, or null when it is larger than allowed; reads no further than the limit. */
  private byte[] readBody(Request request) throws IOException {
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] body = in.readNBytes(maxBodySize + 1);
      return body.length > maxBodySize ? null : body;
    }
  }

  /** Query parameters, decoded once; a parameter given twice is ambiguous, so a 400. */
  private static Map<String, String> query(Request request) {
    Fields fields;
    try {
      fields = Request.extractQueryParameters(request);
    } catch (RuntimeException e) {
      throw new BadRequestException("query: not valid percent-encoded UTF-8");
    }
    Map<String, String> params = new HashMap<>();
    for (Fields.Field field : fields) {
      List<String> values = field.getValues();
      if (values.size() > 1) {
        throw new BadRequestException(field.getName() + ": given more than once");
      }
      String problem = StrictJson.textProblem(field.getName() + field.getValue());
      if (!problem.isEmpty()) {
        throw new BadRequestException(field.getName() + ": " + problem);
      }
      params.put(field.getName(), field.getValue());
    }
    return params;
  }
}
