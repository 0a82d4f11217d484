package org.scheduler.app.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Finds the endpoint of a method and path; tells a wrong method (405) from no route (404). */
final class Router {
  private final List<Route> routes = new ArrayList<>();

  Router(Set<Endpoint> endpoints) {
    for (Endpoint endpoint : endpoints) {
      routes.add(new Route(endpoint, split(endpoint.path())));
    }
  }

  sealed interface Match {}

  record Found(Endpoint endpoint, Map<String, String> pathParams) implements Match {}

  record WrongMethod(List<String> allowed) implements Match {}

  record NotFound() implements Match {}

  Match match(String method, String path) {
    String[] segments = split(path);
    List<String> allowed = new ArrayList<>();
    for (Route route : routes) {
      Optional<Map<String, String>> params = route.match(segments);
      if (params.isEmpty()) {
        continue;
      }
      if (route.endpoint().method().equals(method)) {
        return new Found(route.endpoint(), params.get());
      }
      allowed.add(route.endpoint().method());
    }
    return allowed.isEmpty() ? new NotFound() : new WrongMethod(allowed);
  }

  private static String[] split(String path) {
    String trimmed = path.replaceAll("^/+|/+$", "");
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
  }

  private record Route(Endpoint endpoint, String[] pattern) {
    Optional<Map<String, String>> match(String[] segments) {
      if (segments.length != pattern.length) {
        return Optional.empty();
      }
      Map<String, String> params = new HashMap<>();
      for (int i = 0; i < pattern.length; i++) {
        if (pattern[i].startsWith("{") && pattern[i].endsWith("}")) {
          params.put(pattern[i].substring(1, pattern[i].length() - 1), segments[i]);
        } else if (!pattern[i].equals(segments[i])) {
          return Optional.empty();
        }
      }
      return Optional.of(params);
    }
  }
}
