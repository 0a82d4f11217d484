package org.scheduler.jobs.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scheduler.api.Message;
import org.scheduler.api.MessageOutcome;
import org.scheduler.api.PermanentFailureException;
import org.scheduler.api.Progress;
import org.scheduler.api.RetryLaterException;
import org.scheduler.jobs.queue.handlers.WebhookHandler;

/** The webhook handler against a real local HTTP server that answers as scripted. */
class WebhookHandlerTest {
  private HttpServer server;
  private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> bodies = new ConcurrentLinkedQueue<>();
  private volatile String retryAfter;
  private volatile String answer;
  private final CountDownLatch release = new CountDownLatch(1);
  private WebhookHandler handler;
  private WebhookHandler handlerWithoutUrl;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/hook",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
          Integer status = statuses.poll();
          if (status == null) {
            try {
              release.await(); // no scripted answer: hang, for the timeout case
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            status = 200;
          }
          if (retryAfter != null) {
            exchange.getResponseHeaders().add("Retry-After", retryAfter);
          }
          byte[] body = answer == null ? new byte[0] : answer.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
          if (body.length > 0) {
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    server.start();
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    // a slow machine must not turn a scripted answer into a timeout: only "hanging" times out
    QueueConfig withUrl =
        QueueConfig.defaults("hooks").withWebhook(Optional.of(url), Duration.ofSeconds(10));
    QueueConfig hanging =
        QueueConfig.defaults("hanging").withWebhook(Optional.of(url), Duration.ofMillis(500));
    QueueConfig withoutUrl = QueueConfig.defaults("free");
    QueueConfig batched =
        QueueConfig.defaults("batched").withWebhookBatch(url, Duration.ofSeconds(10));
    QueuesConfig queues =
        new QueuesConfig(
            Map.of("hooks", withUrl, "hanging", hanging, "free", withoutUrl, "batched", batched));
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    handler = new WebhookHandler(queues, clock);
    handlerWithoutUrl = handler;
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    server.stop(0);
  }

  @Test
  void a2xxAcksAndPostsThePayload() throws Exception {
    statuses.add(204);
    handler.handle(message("hooks", "{\"pr\": 7}"));
    assertThat(bodies).containsExactly("{\"pr\": 7}");
  }

  @Test
  void a500RetriesAndTheNextAttemptSucceeds() throws Exception {
    statuses.addAll(List.of(500, 200));
    assertThatThrownBy(() -> handler.handle(message("hooks", "{}")))
        .isInstanceOfSatisfying(RetryLaterException.class, e -> assertThat(e.notBefore()).isEmpty())
        .hasMessageContaining("answered 500");
    handler.handle(message("hooks", "{}"));
    assertThat(bodies).hasSize(2);
  }

  @Test
  void a429RetriesNotBeforeRetryAfterInSecondsOrAsADate() {
    statuses.add(429);
    retryAfter = "120";
    assertThatThrownBy(() -> handler.handle(message("hooks", "{}")))
        .isInstanceOfSatisfying(
            RetryLaterException.class,
            e -> assertThat(e.notBefore()).contains(Duration.ofSeconds(120)));

    statuses.add(503);
    retryAfter = "Thu, 01 Jan 2026 00:05:00 GMT";
    assertThatThrownBy(() -> handler.handle(message("hooks", "{}")))
        .isInstanceOfSatisfying(
            RetryLaterException.class,
            e -> assertThat(e.notBefore()).contains(Duration.ofMinutes(5)));
  }

  @Test
  void a404DeadLetters() {
    statuses.add(404);
    assertThatThrownBy(() -> handler.handle(message("hooks", "{}")))
        .isInstanceOf(PermanentFailureException.class)
        .hasMessageContaining("answered 404");
  }

  @Test
  void noAnswerWithinTheTimeoutRetries() {
    assertThatThrownBy(() -> handler.handle(message("hanging", "{}")))
        .isInstanceOf(RetryLaterException.class)
        .hasMessageContaining("no answer")
        .hasMessageContaining("PT0.5S");
  }

  @Test
  void aQueueWithoutUrlTakesUrlAndBodyFromThePayload() throws Exception {
    statuses.add(200);
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    handlerWithoutUrl.handle(message("free", "{\"url\": \"" + url + "\", \"body\": {\"x\": 1}}"));
    assertThat(bodies).containsExactly("{\"x\":1}");

    assertThatThrownBy(() -> handlerWithoutUrl.handle(message("free", "{\"x\": 1}")))
        .isInstanceOf(PermanentFailureException.class)
        .hasMessageContaining("has no webhook.url");
    assertThatThrownBy(
            () ->
                handlerWithoutUrl.handle(
                    message("free", "{\"url\": \"file:///etc/passwd\", \"body\": 1}")))
        .isInstanceOf(PermanentFailureException.class)
        .hasMessageContaining("http or https");
  }

  @Test
  void inBatchModeOnePostCarriesTheMessagesAndTheAnswerDecidesEach() throws Exception {
    statuses.add(200);
    answer =
        "[{\"id\": 1, \"outcome\": \"done\"},"
            + " {\"id\": 2, \"outcome\": \"retry\", \"error\": \"busy\", \"retryAfter\": 30},"
            + " {\"id\": 3, \"outcome\": \"failed\", \"error\": \"unknown customer\"},"
            + " {\"id\": 5, \"outcome\": \"maybe\"}, {\"id\": 99, \"outcome\": \"done\"}]";

    Map<Long, MessageOutcome> outcomes =
        handler.handleBatch(
            List.of(
                message(1, "batched", "{\"n\": 1}"),
                message(2, "batched", "{\"n\": 2}"),
                message(3, "batched", "{\"n\": 3}"),
                message(4, "batched", "{\"n\": 4}"),
                message(5, "batched", "{\"n\": 5}")));

    assertThat(bodies).hasSize(1);
    JsonNode posted = new ObjectMapper().readTree(bodies.peek());
    assertThat(posted).hasSize(5);
    assertThat(posted.get(1).toString())
        .isEqualTo("{\"id\":2,\"type\":\"webhook\",\"attempt\":1,\"payload\":{\"n\":2}}");
    assertThat(outcomes.get(1L)).isEqualTo(MessageOutcome.done());
    assertThat(outcomes.get(2L))
        .isEqualTo(MessageOutcome.retryLater("busy", Duration.ofSeconds(30)));
    assertThat(outcomes.get(3L)).isEqualTo(MessageOutcome.failedForGood("unknown customer"));
    assertThat(outcomes).as("left out: retried by the consumer").doesNotContainKey(4L);
    assertThat(outcomes.get(5L).kind()).isEqualTo(MessageOutcome.Kind.RETRY_LATER);
    assertThat(outcomes.get(5L).reason()).contains("none of done, retry, failed");
  }

  @Test
  void aBatchAnsweredWithoutBodyIsDoneAndOneAnswered503IsRetriedWhole() throws Exception {
    statuses.addAll(List.of(204, 503, 200));
    List<Message> two = List.of(message(1, "batched", "{}"), message(2, "batched", "{}"));

    assertThat(handler.handleBatch(two))
        .containsOnlyKeys(1L, 2L)
        .containsValue(MessageOutcome.done());
    assertThatThrownBy(() -> handler.handleBatch(two))
        .isInstanceOf(RetryLaterException.class)
        .hasMessageContaining("answered 503");
    answer = "{\"ok\": true}";
    assertThatThrownBy(() -> handler.handleBatch(two))
        .isInstanceOf(RetryLaterException.class)
        .hasMessageContaining("not a JSON array of outcomes");
  }

  @Test
  void onlyQueuesWithWebhookBatchAreBatched() {
    assertThat(handler.batchesOn("batched")).isTrue();
    assertThat(handler.batchesOn("hooks")).isFalse();
    assertThat(handler.batchesOn("free")).isFalse();
  }

  private static Message message(String queue, String payload) {
    return message(1, queue, payload);
  }

  private static Message message(long id, String queue, String payload) {
    return new Message(
        id,
        queue,
        "webhook",
        payload,
        0,
        1,
        Optional.empty(),
        Instant.now(),
        new Message.LeaseExtender() {
          @Override
          public boolean extend(Duration by) {
            return true;
          }

          @Override
          public boolean progress(long messageId, Progress progress) {
            return true;
          }
        });
  }
}
