package org.scheduler.app.queue;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scheduler.api.InvalidMessageException;
import org.scheduler.api.NewMessage;
import org.scheduler.app.http.BadRequestException;
import org.scheduler.app.http.Endpoint;
import org.scheduler.app.http.HttpRequest;
import org.scheduler.app.http.JsonResponse;
import org.scheduler.jobs.queue.QueueAdmin;
import org.scheduler.jobs.queue.QueueEnqueuer;
import org.scheduler.jobs.queue.QueueWorkers;
import org.scheduler.jobs.queue.QueuesConfig;

/** The queue endpoints of the HTTP API. */
final class QueueEndpoints {
  private QueueEndpoints() {}

  static JsonResponse unknownQueue(QueuesConfig queues, String name) {
    return JsonResponse.error(
        404,
        "no queue named '"
            + name
            + "' (configured: "
            + String.join(", ", queues.queues().keySet())
            + ")");
  }

  /** {@code GET /api/queues}: counts by state, oldest ready age, batch size, throughput. */
  static final class ListQueues implements Endpoint {
    private final QueuesConfig queues;
    private final QueueAdmin admin;
    private final QueueWorkers workers;

    @Inject
    ListQueues(QueuesConfig queues, QueueAdmin admin, QueueWorkers workers) {
      this.queues = requireNonNull(queues, "queues is null");
      this.admin = requireNonNull(admin, "admin is null");
      this.workers = requireNonNull(workers, "workers is null");
    }

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String path() {
      return "/api/queues";
    }

    @Override
    public JsonResponse handle(HttpRequest request) throws Exception {
      List<Map<String, Object>> list =
          admin.stats(queues.queues().keySet()).entrySet().stream()
              .map(entry -> QueueStatsView.of(entry.getKey(), entry.getValue(), workers))
              .toList();
      return JsonResponse.ok(Map.of("queues", list));
    }
  }

  /** {@code POST /api/queues/{queue}/messages}: one message object, or an array of them. */
  static final class Enqueue implements Endpoint {
    private final QueuesConfig queues;
    private final QueueEnqueuer enqueuer;
    private final Clock clock;

    @Inject
    Enqueue(QueuesConfig queues, QueueEnqueuer enqueuer, Clock clock) {
      this.queues = requireNonNull(queues, "queues is null");
      this.enqueuer = requireNonNull(enqueuer, "enqueuer is null");
      this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public String method() {
      return "POST";
    }

    @Override
    public String path() {
      return "/api/queues/{queue}/messages";
    }

    @Override
    public boolean takesBody() {
      return true;
    }

    @Override
    public JsonResponse handle(HttpRequest request) throws Exception {
      String queue = request.path("queue");
      if (queues.queue(queue).isEmpty()) {
        return unknownQueue(queues, queue);
      }
      var body = request.json();
      List<NewMessage> messages = MessageRequests.read(body, clock.instant());
      try {
        List<Long> ids = enqueuer.enqueueAll(queue, messages);
        return new JsonResponse(
            201, body.isArray() ? Map.of("ids", ids) : Map.of("id", ids.get(0)));
      } catch (InvalidMessageException e) {
        throw new BadRequestException(e.getMessage());
      }
    }
  }

  /** {@code GET /api/queues/{queue}/dead}: dead letters, newest first. */
  static final class ListDead implements Endpoint {
    private static final ObjectMapper json = new ObjectMapper();
    private final QueuesConfig queues;
    private final QueueAdmin admin;

    @Inject
    ListDead(QueuesConfig queues, QueueAdmin admin) {
      this.queues = requireNonNull(queues, "queues is null");
      this.admin = requireNonNull(admin, "admin is null");
    }

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String path() {
      return "/api/queues/{queue}/dead";
    }

    @Override
    public JsonResponse handle(HttpRequest request) throws Exception {
      String queue = request.path("queue");
      if (queues.queue(queue).isEmpty()) {
        return unknownQueue(queues, queue);
      }
      int limit = request.intQuery("limit", 100, 1, 1000);
      List<Map<String, Object>> dead = new java.util.ArrayList<>();
      for (QueueAdmin.DeadMessage message : admin.dead(queue, limit)) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", message.id());
        view.put("type", message.type());
        view.put("payload", json.readTree(message.payload()));
        view.put("priority", message.priority());
        view.put("dedupeKey", message.dedupeKey());
        view.put("attempts", message.attempts());
        view.put("lastError", message.lastError());
        view.put("enqueuedAt", message.enqueuedAt());
        view.put("deadAt", message.deadAt());
        dead.add(view);
      }
      return JsonResponse.ok(Map.of("queue", queue, "dead", dead));
    }
  }

  /** {@code POST /api/queues/{queue}/dead/{id}/retry}: the dead letter becomes ready again. */
  static final class RetryDead implements Endpoint {
    private final QueuesConfig queues;
    private final QueueAdmin admin;

    @Inject
    RetryDead(QueuesConfig queues, QueueAdmin admin) {
      this.queues = requireNonNull(queues, "queues is null");
      this.admin = requireNonNull(admin, "admin is null");
    }

    @Override
    public String method() {
      return "POST";
    }

    @Override
    public String path() {
      return "/api/queues/{queue}/dead/{id}/retry";
    }

    @Override
    public JsonResponse handle(HttpRequest request) throws Exception {
      String queue = request.path("queue");
      if (queues.queue(queue).isEmpty()) {
        return unknownQueue(queues, queue);
      }
      long id = request.id("id");
      return switch (admin.replay(queue, id)) {
        case REPLAYED -> JsonResponse.ok(Map.of("id", id, "state", "ready"));
        case NOT_FOUND -> JsonResponse.error(404, "no dead letter " + id + " on queue " + queue);
        case DEDUPE_KEY_PENDING ->
            JsonResponse.error(
                409, "a pending message on queue " + queue + " has the same dedupe key");
      };
    }
  }
}
