package org.scheduler.app.reload;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.scheduler.app.http.Endpoint;
import org.scheduler.app.http.HttpRequest;
import org.scheduler.app.http.JsonResponse;

/** {@code POST /api/conf/reload} and {@code GET /api/conf}. */
final class ConfEndpoints {
  private ConfEndpoints() {}

  static Map<String, Object> view(
      ConfReloader.Status status, ConfWatcher watcher, ConfVersions versions) throws Exception {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("lastReload", status.outcome());
    view.put("lastReloadAt", status.at().orElse(null));
    view.put("changes", status.changes().orElse(null));
    view.put(
        "errors",
        status.errors().stream()
            .map(
                error ->
                    Map.of(
                        "file",
                        error.file(),
                        "line",
                        error.line(),
                        "message",
                        error.message(),
                        "text",
                        error.toString()))
            .toList());
    Optional<ConfVersions.Version> applied = versions.latest();
    view.put("applied", applied.orElse(null));
    Optional<String> local = watcher.localHash();
    view.put("localHash", local.orElse(null));
    view.put(
        "drift",
        applied.map(version -> !version.contentHash().equals(local.orElse(""))).orElse(false));
    view.put("restartRequired", watcher.restartRequired());
    return view;
  }

  static final class Reload implements Endpoint {
    private final ConfReloader reloader;
    private final ConfWatcher watcher;
    private final ConfVersions versions;

    @Inject
    Reload(ConfReloader reloader, ConfWatcher watcher, ConfVersions versions) {
      this.reloader = requireNonNull(reloader, "reloader is null");
      this.watcher = requireNonNull(watcher, "watcher is null");
      this.versions = requireNonNull(versions, "versions is null");
    }

    @Override
    public String method() {
      return "POST";
    }

    @Override
    public String path() {
      return "/api/conf/reload";
    }

    @Override
    public JsonResponse handle(HttpRequest request) throws Exception {
      ConfReloader.Status status = reloader.reload("POST /api/conf/reload");
      return new JsonResponse(
          status.errors().isEmpty() ? 200 : 400, view(status, watcher, versions));
    }
  }

  static final class Show implements Endpoint {
    private final ConfReloader reloader;
    private final ConfWatcher watcher;
    private final ConfVersions versions;

    @Inject
    Show(ConfReloader reloader, ConfWatcher watcher, ConfVersions versions) {
      this.reloader = requireNonNull(reloader, "reloader is null");
      this.watcher = requireNonNull(watcher, "watcher is null");
      this.versions = requireNonNull(versions, "versions is null");
    }

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String path() {
      return "/api/conf";
    }

    @Override
    public JsonResponse handle(HttpRequest request) throws Exception {
      return JsonResponse.ok(view(reloader.status(), watcher, versions));
    }
  }
}
