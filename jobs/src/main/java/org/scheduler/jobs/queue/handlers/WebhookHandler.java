package org.scheduler.jobs.queue.handlers;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.scheduler.api.BatchMessageHandler;
import org.scheduler.api.Message;
import org.scheduler.api.MessageOutcome;
import org.scheduler.api.PermanentFailureException;
import org.scheduler.api.RetryLaterException;
import org.scheduler.jobs.http.LazyHttpClient;
import org.scheduler.jobs.http.RetryAfter;
import org.scheduler.jobs.queue.QueueConfig;
import org.scheduler.jobs.queue.QueuesConfig;

/**
 * The {@code webhook} message type: POSTs JSON to a URL. The URL is the queue's {@code
 * webhook.url}, and then the whole payload is sent; a queue without one takes it from the message,
 * whose payload must then be {@code {"url": "...", "body": ...}}. A 2xx acks; 429, 5xx, timeouts
 * and connection failures retry (not before a {@code Retry-After} the server gives); any other
 * status dead-letters the message.
 *
 * <p>A queue with {@code webhook.batch} gets one POST per claim instead: a JSON array of {@code
 * {"id", "type", "attempt", "payload"}}, answered with a 2xx and either no body (all done) or an
 * array of {@code {"id", "outcome": "done" | "retry" | "failed", "error"?, "retryAfter"?
 * (seconds)}}; a message the answer leaves out is retried. The status rules above apply to the
 * request as a whole.
 */
public final class WebhookHandler implements BatchMessageHandler {
  public static final String TYPE = "webhook";

  private static final ObjectMapper json = new ObjectMapper();

  private final Supplier<HttpClient> client = LazyHttpClient.create();
  private final QueuesConfig queues;
  private final Clock clock;

  @Inject
  public WebhookHandler(QueuesConfig queues, Clock clock) {
    this.queues = requireNonNull(queues, "queues is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public boolean batchesOn(String queue) {
    return queues.queue(queue).map(config -> config.webhook().batch()).orElse(false);
  }

  @Override
  public void handle(Message message) throws Exception {
    QueueConfig config = queues.require(message.queue());
    URI url;
    String body;
    if (config.webhook().url().isPresent()) {
      url = config.webhook().url().get();
      body = message.payload();
    } else {
      JsonNode payload = message.payloadJson();
      if (!payload.path("url").isTextual() || !payload.has("body")) {
        throw new PermanentFailureException(
            "queue "
                + message.queue()
                + " has no webhook.url, so the payload must be"
                + " {\"url\": \"https://...\", \"body\": ...}");
      }
      url = parseUrl(payload.path("url").asText());
      body = payload.get("body").toString();
    }
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(config.webhook().timeout())
            .header("Content-Type", "application/json")
            .header("X-Message-Id", Long.toString(message.id()))
            .header("X-Message-Attempt", Integer.toString(message.attempt()))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    send(request, config, HttpResponse.BodyHandlers.discarding());
  }

  @Override
  public Map<Long, MessageOutcome> handleBatch(List<Message> messages) throws Exception {
    QueueConfig config = queues.require(messages.get(0).queue());
    URI url = config.webhook().url().orElseThrow();
    StringBuilder body = new StringBuilder(messages.size() * 64).append('[');
    for (Message message : messages) {
      if (body.length() > 1) {
        body.append(',');
      }
      body.append("{\"id\":")
          .append(message.id())
          .append(",\"type\":")
          .append(json.writeValueAsString(message.type()))
          .append(",\"attempt\":")
          .append(message.attempt())
          .append(",\"payload\":")
          .append(message.payload())
          .append('}');
    }
    body.append(']');
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(config.webhook().timeout())
            .header("Content-Type", "application/json")
            .header("X-Message-Count", Integer.toString(messages.size()))
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    HttpResponse<String> response = send(request, config, HttpResponse.BodyHandlers.ofString());
    Map<Long, MessageOutcome> outcomes = new HashMap<>();
    if (response.body().isBlank()) {
      messages.forEach(message -> outcomes.put(message.id(), MessageOutcome.done()));
      return outcomes;
    }
    JsonNode answer;
    try {
      answer = json.readTree(response.body());
    } catch (JsonProcessingException e) {
      answer = null;
    }
    if (answer == null || !answer.isArray()) {
      throw new RetryLaterException(
          url
              + " answered "
              + response.statusCode()
              + " with a body that is not a JSON array of outcomes: "
              + abbreviated(response.body()),
          Optional.empty());
    }
    for (JsonNode item : answer) {
      if (item.path("id").canConvertToLong()) {
        outcomes.put(item.path("id").asLong(), outcome(url, item));
      }
    }
    return outcomes;
  }

  private MessageOutcome outcome(URI url, JsonNode item) {
    String error = item.path("error").asText(url + " answered " + item.path("outcome").asText());
    return switch (item.path("outcome").asText("")) {
      case "done" -> MessageOutcome.done();
      case "retry" ->
          item.path("retryAfter").canConvertToLong()
              ? MessageOutcome.retryLater(
                  error, Duration.ofSeconds(Math.max(0, item.path("retryAfter").asLong())))
              : MessageOutcome.retryLater(error);
      case "failed" -> MessageOutcome.failedForGood(error);
      default ->
          MessageOutcome.retryLater(
              url
                  + " answered an outcome that is none of done, retry, failed: "
                  + abbreviated(item.toString()));
    };
  }

  /** Sends the request and answers its response if it is a 2xx, else throws as the class says. */
  private <T> HttpResponse<T> send(
      HttpRequest request, QueueConfig config, HttpResponse.BodyHandler<T> bodyHandler)
      throws RetryLaterException, PermanentFailureException, InterruptedException {
    URI url = request.uri();
    HttpResponse<T> response;
    try {
      response = client.get().send(request, bodyHandler);
    } catch (HttpTimeoutException e) {
      throw new RetryLaterException(
          "no answer from " + url + " within " + config.webhook().timeout(), Optional.empty());
    } catch (IOException e) {
      throw new RetryLaterException("cannot reach " + url + ": " + e, Optional.empty());
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return response;
    }
    if (status == 429 || status >= 500) {
      throw new RetryLaterException(
          url + " answered " + status,
          response
              .headers()
              .firstValue("Retry-After")
              .flatMap(value -> RetryAfter.parse(value, clock)));
    }
    throw new PermanentFailureException(url + " answered " + status);
  }

  private static String abbreviated(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  private static URI parseUrl(String text) throws PermanentFailureException {
    URI url;
    try {
      url = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new PermanentFailureException("webhook url is not a URL: " + text);
    }
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new PermanentFailureException("webhook url must be http or https: " + text);
    }
    return url;
  }
}
