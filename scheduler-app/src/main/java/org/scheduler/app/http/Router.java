package org.scheduler.app.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the endpoint of a method and decoded path segments; tells a wrong method (405, with the
 * methods that are allowed) from no route (404). HEAD is served wherever GET is.
 */
final class Router {
  private final List<Route> routes = new ArrayList<>();

  Router(Set<Endpoint> endpoints) {
    for (Endpoint endpoint : endpoints) {
      routes.add(new Route(endpoint, PathSegments.decode(endpoint.path())));
    }
  }

  sealed interface Match {}

  record Found(Endpoint endpoint, Map<String, String> pathParams) implements Match {}

  record WrongMethod(Set<String> allowed) implements Match {}

  record NotFound() implements Match {}

  /** Every method and path served, e.g. {@code GET /api/jobs/{name}/runs}. */
  List<String> routes() {
    return routes.stream()
        .map(route -> route.endpoint().method() + " " + route.endpoint().path())
        .toList();
  }

  Match match(String method, List<String> segments) {
    String lookup = method.equals("HEAD") ? "GET" : method;
    Set<String> allowed = new LinkedHashSet<>();
    for (Route route : routes) {
      Optional<Map<String, String>> params = route.match(segments);
      if (params.isEmpty()) {
        continue;
      }
      if (route.endpoint().method().equals(lookup)) {
        return new Found(route.endpoint(), params.get());
      }
      allowed.add(route.endpoint().method());
      if (route.endpoint().method().equals("GET")) {
        allowed.add("HEAD");
      }
    }
    return allowed.isEmpty() ? new NotFound() : new WrongMethod(allowed);
  }

  private record Route(Endpoint endpoint, List<String> pattern) {
    Optional<Map<String, String>> match(List<String> segments) {
      if (segments.size() != pattern.size()) {
        return Optional.empty();
      }
      Map<String, String> params = new HashMap<>();
      for (int i = 0; i < pattern.size(); i++) {
        String part = pattern.get(i);
        if (part.startsWith("{") && part.endsWith("}")) {
          if (segments.get(i).isEmpty()) {
            return Optional.empty();
          }
          params.put(part.substring(1, part.length() - 1), segments.get(i));
        } else if (!part.equals(segments.get(i))) {
          return Optional.empty();
        }
      }
      return Optional.of(params);
    }
  }
}
