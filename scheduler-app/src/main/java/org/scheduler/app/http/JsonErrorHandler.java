package org.scheduler.app.http;

import static java.util.Objects.requireNonNull;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers what Jetty refuses before any endpoint sees it (a bad request line or encoding, a URI or
 * headers too long) in the API's error shape instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
  private static final Logger log = LoggerFactory.getLogger(JsonErrorHandler.class);

  private final ResponseWriter writer;

  JsonErrorHandler(ResponseWriter writer) {
    this.writer = requireNonNull(writer, "writer is null");
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    int status = response.getStatus();
    String message = (String) request.getAttribute(ERROR_MESSAGE);
    Throwable cause = (Throwable) request.getAttribute(ERROR_EXCEPTION);
    if (cause instanceof HttpException httpException) {
      status = httpException.getCode();
      if (message == null) {
        message = httpException.getReason();
      }
    }
    if (status < 400 || status > 599) {
      status = 500;
    }
    String id = RequestIds.next();
    String text;
    if (status >= 500) {
      log.warn("HTTP {} (request {}): {}", status, id, message, cause);
      text = "internal error; the node's log has the details";
    } else {
      text = describe(status, message);
    }
    writer.write(request, response, callback, JsonResponse.error(status, text), id);
    return true;
  }

  private static String describe(int status, String reason) {
    String detail = reason == null || reason.isBlank() ? "" : ": " + reason;
    return switch (status) {
      case 414 -> "request URI too long" + detail;
      case 431 -> "request headers too large" + detail;
      case 413 -> "body too large" + detail;
      default -> "request refused by the HTTP parser" + detail;
    };
  }
}
