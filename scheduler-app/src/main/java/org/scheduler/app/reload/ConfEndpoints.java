package org.scheduler.app.reload;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.scheduler.app.http.Endpoint;
import org.scheduler.app.http.HttpRequest;
import org.scheduler.app.http.JsonResponse;
import org.scheduler.app.queue.QueueLimitsReload;

/** {@code POST /api/conf/reload} and {@code GET /api/conf}. */
final class ConfEndpoints {
  private ConfEndpoints() {}

  static Map<String, Object> view(ConfReloader.Status status, ConfWatcher watcher)
      throws Exception {
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
    ConfWatcher.Drift drift = watcher.drift();
    view.put("applied", drift.applied().orElse(null));
    view.put("localHash", drift.localHash().orElse(null));
    view.put("drift", drift.drifting());
    view.put("restartRequired", watcher.restartRequired());
    return view;
  }

  static final class Reload implements Endpoint {
    private final ConfReloader reloader;
    private final QueueLimitsReload limitsReload;
    private final ConfWatcher watcher;

    @Inject
    Reload(ConfReloader reloader, QueueLimitsReload limitsReload, ConfWatcher watcher) {
      this.reloader = requireNonNull(reloader, "reloader is null");
      this.limitsReload = requireNonNull(limitsReload, "limitsReload is null");
      this.watcher = requireNonNull(watcher, "watcher is null");
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
      // scheduler.yaml's queue limits, the one part of that file that applies at run time
      limitsReload.reload("POST /api/conf/reload");
      ConfReloader.Status status = reloader.reload("POST /api/conf/reload");
      if (status.errors().isEmpty()) {
        return JsonResponse.ok(view(status, watcher));
      }
      return JsonResponse.error(
          400,
          "invalid_conf",
          "jobs.yaml is invalid ("
              + status.errors().size()
              + " error(s)); nothing changed: "
              + status.errors().get(0),
          view(status, watcher));
    }
  }

  static final class Show implements Endpoint {
    private final ConfReloader reloader;
    private final ConfWatcher watcher;

    @Inject
    Show(ConfReloader reloader, ConfWatcher watcher) {
      this.reloader = requireNonNull(reloader, "reloader is null");
      this.watcher = requireNonNull(watcher, "watcher is null");
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
      return JsonResponse.ok(view(reloader.status(), watcher));
    }
  }
}
