package org.scheduler.app.node;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.util.Map;
import org.scheduler.app.http.Endpoint;
import org.scheduler.app.http.HttpRequest;
import org.scheduler.app.http.JsonResponse;

/** {@code POST /api/node/drain}: starts draining this node and answers at once (202). */
final class DrainEndpoint implements Endpoint {

  private final NodeDrainer drainer;
  private final DrainState state;

  @Inject
  DrainEndpoint(NodeDrainer drainer, DrainState state) {
    this.drainer = requireNonNull(drainer, "drainer is null");
    this.state = requireNonNull(state, "state is null");
  }

  @Override
  public String method() {
    return "POST";
  }

  @Override
  public String path() {
    return "/api/node/drain";
  }

  @Override
  public JsonResponse handle(HttpRequest request) {
    if (state.isDraining()) {
      return new JsonResponse(202, Map.of("draining", true, "already", true));
    }
    drainer.drainInBackground();
    return new JsonResponse(202, Map.of("draining", true, "already", false));
  }
}
