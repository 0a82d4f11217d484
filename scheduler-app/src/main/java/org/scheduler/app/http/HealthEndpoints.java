package org.scheduler.app.http;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.scheduler.app.health.ReadinessCheck;

/** {@code /health/live} and {@code /health/ready}, what the load balancer probes. */
final class HealthEndpoints {
  private HealthEndpoints() {}

  static final class Live implements Endpoint {
    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String path() {
      return "/health/live";
    }

    @Override
    public Access access() {
      return Access.PUBLIC;
    }

    @Override
    public JsonResponse handle(HttpRequest request) {
      return JsonResponse.ok(Map.of("status", "live"));
    }
  }

  static final class Ready implements Endpoint {
    private final Set<ReadinessCheck> checks;

    @Inject
    Ready(Set<ReadinessCheck> checks) {
      this.checks = requireNonNull(checks, "checks is null");
    }

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String path() {
      return "/health/ready";
    }

    @Override
    public Access access() {
      return Access.PUBLIC;
    }

    @Override
    public JsonResponse handle(HttpRequest request) {
      Map<String, String> results = new LinkedHashMap<>();
      Map<String, String> warnings = new LinkedHashMap<>();
      boolean ready = true;
      for (ReadinessCheck check : checks) {
        Optional<String> problem = check.problem();
        ready &= problem.isEmpty();
        results.put(check.name(), problem.orElse("ok"));
        check.warning().ifPresent(warning -> warnings.put(check.name(), warning));
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", ready ? "ready" : "not ready");
      body.put("checks", results);
      if (!warnings.isEmpty()) {
        body.put("warnings", warnings);
      }
      return new JsonResponse(ready ? 200 : 503, body);
    }
  }
}
