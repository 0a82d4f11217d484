package org.scheduler.app.metrics;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.MetricRegistry;
import jakarta.inject.Inject;
import org.scheduler.app.http.Endpoint;
import org.scheduler.app.http.HttpRequest;
import org.scheduler.app.http.JsonResponse;

/** {@code GET /metrics}: the node's registry in the Prometheus text format. */
final class PrometheusEndpoint implements Endpoint {
  private final MetricRegistry registry;

  @Inject
  PrometheusEndpoint(MetricRegistry registry) {
    this.registry = requireNonNull(registry, "registry is null");
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String path() {
    return "/metrics";
  }

  @Override
  public JsonResponse handle(HttpRequest request) {
    return JsonResponse.text(200, PrometheusText.write(registry), PrometheusText.CONTENT_TYPE);
  }
}
