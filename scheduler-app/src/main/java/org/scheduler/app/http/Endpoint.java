package org.scheduler.app.http;

/**
 * One HTTP route of the node. Paths are literal segments and {@code {name}} placeholders, e.g.
 * {@code /api/jobs/{name}/runs}. Add one with {@link HttpModule#endpoints}.
 */
public interface Endpoint {
  String method();

  String path();

  JsonResponse handle(HttpRequest request) throws Exception;

  /** Whether the endpoint reads a JSON body; others refuse any body but an empty one or {}. */
  default boolean takesBody() {
    return false;
  }

  /** Reads are GETs, everything else writes; health endpoints override this with PUBLIC. */
  default Access access() {
    return method().equals("GET") ? Access.READ : Access.WRITE;
  }
}
