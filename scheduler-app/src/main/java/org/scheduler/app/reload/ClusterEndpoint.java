package org.scheduler.app.reload;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scheduler.app.conf.NodeConfig;
import org.scheduler.app.http.Endpoint;
import org.scheduler.app.http.HttpRequest;
import org.scheduler.app.http.JsonResponse;
import org.scheduler.app.quartz.ClusterNodes;
import org.scheduler.app.quartz.QuartzSchedulerService;
import org.scheduler.app.quartz.StoredSchedule;

/** {@code GET /api/cluster}: the nodes with their last check-in, and which one answered. */
final class ClusterEndpoint implements Endpoint {
  private final ClusterNodes nodes;
  private final QuartzSchedulerService scheduler;
  private final NodeConfig node;

  private final ConfWatcher watcher;
  private final StoredSchedule stored;

  @Inject
  ClusterEndpoint(
      ClusterNodes nodes,
      QuartzSchedulerService scheduler,
      NodeConfig node,
      ConfWatcher watcher,
      StoredSchedule stored) {
    this.stored = requireNonNull(stored, "stored is null");
    this.nodes = requireNonNull(nodes, "nodes is null");
    this.scheduler = requireNonNull(scheduler, "scheduler is null");
    this.node = requireNonNull(node, "node is null");
    this.watcher = requireNonNull(watcher, "watcher is null");
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String path() {
    return "/api/cluster";
  }

  @Override
  public JsonResponse handle(HttpRequest request) throws Exception {
    String self = scheduler.scheduler().getSchedulerInstanceId();
    List<Map<String, Object>> list =
        nodes.list().stream()
            .map(
                each -> {
                  Map<String, Object> entry = new LinkedHashMap<>();
                  entry.put("id", each.id());
                  entry.put("lastCheckIn", each.lastCheckIn());
                  entry.put("checkInInterval", each.checkInInterval().toString());
                  entry.put("alive", each.alive());
                  entry.put("self", each.id().equals(self));
                  return entry;
                })
            .toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("node", node.name());
    body.put("instanceId", self);
    body.put("nodes", list);
    ConfWatcher.Drift drift = watcher.drift();
    body.put("appliedConf", drift.applied().orElse(null));
    body.put("confDrift", drift.drifting());
    // jobs whose trigger Quartz cannot load: they do not fire until reconcile rebuilds them
    body.put("brokenTriggers", stored.brokenTriggers());
    return JsonResponse.ok(body);
  }
}
