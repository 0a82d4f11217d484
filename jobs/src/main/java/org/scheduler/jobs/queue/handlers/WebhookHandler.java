package org.scheduler.jobs.queue.handlers;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.scheduler.api.Message;
import org.scheduler.api.MessageHandler;
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
 */
public final class WebhookHandler implements MessageHandler {
  public static final String TYPE = "webhook";

  private final Supplier<HttpClient> client = LazyHttpClient.create();
  private final QueuesConfig queues;
  private final Clock clock;

  @Inject
  public WebhookHandler(QueuesConfig queues, Clock clock) {
    this.queues = requireNonNull(queues, "queues is null");
    this.clock = requireNonNull(clock, "clock is null");
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
    HttpResponse<Void> response;
    try {
      response = client.get().send(request, HttpResponse.BodyHandlers.discarding());
    } catch (HttpTimeoutException e) {
      throw new RetryLaterException(
          "no answer from " + url + " within " + config.webhook().timeout(), Optional.empty());
    } catch (IOException e) {
      throw new RetryLaterException("cannot reach " + url + ": " + e, Optional.empty());
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return;
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
