package org.scheduler.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {
  private final Router router =
      new Router(
          Set.of(
              endpoint("GET", "/api/jobs"),
              endpoint("GET", "/api/jobs/{name}/runs"),
              endpoint("POST", "/api/jobs/{name}/run"),
              endpoint("POST", "/api/queues/{queue}/dead/{id}/retry")));

  @Test
  void findsTheEndpointAndItsPlaceholders() {
    Router.Match match =
        router.match("POST", List.of("api", "queues", "work", "dead", "7", "retry"));
    assertThat(match).isInstanceOf(Router.Found.class);
    assertThat(((Router.Found) match).pathParams()).isEqualTo(Map.of("queue", "work", "id", "7"));
  }

  @Test
  void headIsServedByGet() {
    Router.Match match = router.match("HEAD", List.of("api", "jobs"));
    assertThat(match).isInstanceOf(Router.Found.class);
    assertThat(((Router.Found) match).endpoint().method()).isEqualTo("GET");
  }

  @Test
  void aWrongMethodNamesTheAllowedOnes() {
    assertThat(router.match("DELETE", List.of("api", "jobs", "nightly", "runs")))
        .isEqualTo(new Router.WrongMethod(Set.of("GET", "HEAD")));
    assertThat(router.match("GET", List.of("api", "jobs", "nightly", "run")))
        .isEqualTo(new Router.WrongMethod(Set.of("POST")));
  }

  @Test
  void unknownPathsAndEmptyPlaceholdersAreNotFound() {
    assertThat(router.match("GET", List.of("api", "nothing"))).isInstanceOf(Router.NotFound.class);
    assertThat(router.match("GET", List.of("api", "jobs", "", "runs")))
        .isInstanceOf(Router.NotFound.class);
    assertThat(router.match("GET", List.of("api", "jobs", "x", "runs", "more")))
        .isInstanceOf(Router.NotFound.class);
  }

  @Test
  void listsEveryRoute() {
    assertThat(router.routes())
        .containsExactlyInAnyOrder(
            "GET /api/jobs",
            "GET /api/jobs/{name}/runs",
            "POST /api/jobs/{name}/run",
            "POST /api/queues/{queue}/dead/{id}/retry");
  }

  @Test
  void pathSegmentsAreDecodedOnceAndStrictly() {
    assertThat(PathSegments.decode("/api/jobs/a%20b/runs"))
        .containsExactly("api", "jobs", "a b", "runs");
    assertThat(PathSegments.decode("/api/jobs/%2527/")).containsExactly("api", "jobs", "%27");
    assertThat(PathSegments.decode("/")).isEmpty();
    assertThat(PathSegments.decode("/jobs/\uD83D\uDE00%20x"))
        .containsExactly("jobs", "\uD83D\uDE00 x");
    for (String bad : List.of("/a%zz", "/a%2", "/%C0%AF", "/a%00b")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> PathSegments.decode(bad))
          .as(bad)
          .isInstanceOf(BadRequestException.class)
          .hasMessageStartingWith("path: ");
    }
  }

  private static Endpoint endpoint(String method, String path) {
    return new Endpoint() {
      @Override
      public String method() {
        return method;
      }

      @Override
      public String path() {
        return path;
      }

      @Override
      public JsonResponse handle(HttpRequest request) {
        return JsonResponse.ok(Map.of());
      }
    };
  }
}
