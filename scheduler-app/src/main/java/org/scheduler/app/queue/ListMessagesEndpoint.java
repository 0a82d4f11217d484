package org.scheduler.app.queue;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.scheduler.app.http.BadRequestException;
import org.scheduler.app.http.Endpoint;
import org.scheduler.app.http.HttpRequest;
import org.scheduler.app.http.JsonResponse;
import org.scheduler.jobs.queue.PendingMessages;
import org.scheduler.jobs.queue.QueuesConfig;

/**
 * {@code GET /api/queues/{queue}/messages?state=ready|delayed|claimed}: a page of the queue's live
 * messages in id order ({@code after} the last id of the previous page), claimed ones with the
 * progress their handler reported.
 */
final class ListMessagesEndpoint implements Endpoint {
  private static final ObjectMapper json = new ObjectMapper();

  private final QueuesConfig queues;
  private final PendingMessages pending;

  @Inject
  ListMessagesEndpoint(QueuesConfig queues, PendingMessages pending) {
    this.queues = requireNonNull(queues, "queues is null");
    this.pending = requireNonNull(pending, "pending is null");
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String path() {
    return "/api/queues/{queue}/messages";
  }

  @Override
  public JsonResponse handle(HttpRequest request) throws Exception {
    String queue = request.path("queue");
    if (queues.queue(queue).isEmpty()) {
      return QueueEndpoints.unknownQueue(queues, queue);
    }
    PendingMessages.State state = state(request);
    int limit = request.intQuery("limit", 100, 1, 1000);
    long after = request.longQuery("after", 0, 0, Long.MAX_VALUE);
    List<Map<String, Object>> messages = new ArrayList<>();
    for (PendingMessages.PendingMessage message : pending.list(queue, state, after, limit)) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("id", message.id());
      view.put("type", message.type());
      view.put("payload", json.readTree(message.payload()));
      view.put("priority", message.priority());
      view.put("attempts", message.attempts());
      view.put("maxAttempts", message.maxAttempts().orElse(null));
      view.put("dedupeKey", message.dedupeKey());
      view.put("runAt", message.runAt());
      view.put("leaseUntil", message.leaseUntil().orElse(null));
      view.put("lastError", message.lastError());
      view.put("enqueuedAt", message.enqueuedAt());
      view.put(
          "progress",
          message
              .progress()
              .map(
                  progress -> {
                    Map<String, Object> shown = new LinkedHashMap<>();
                    shown.put("fraction", progress.fraction());
                    shown.put("step", progress.step());
                    shown.put("at", message.progressAt().orElse(null));
                    return shown;
                  })
              .orElse(null));
      messages.add(view);
    }
    return JsonResponse.ok(Map.of("queue", queue, "state", state.sqlName(), "messages", messages));
  }

  private static PendingMessages.State state(HttpRequest request) {
    String value = request.query("state").orElse("ready");
    try {
      return PendingMessages.State.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(
          "state: one of "
              + String.join(
                  ", ",
                  Arrays.stream(PendingMessages.State.values())
                      .map(PendingMessages.State::sqlName)
                      .toList())
              + ", got '"
              + value
              + "'");
    }
  }
}
