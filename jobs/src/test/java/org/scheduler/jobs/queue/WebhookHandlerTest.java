package org.scheduler.jobs.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
          exchange.sendResponseHeaders(status, -1);
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
    QueuesConfig queues =
        new QueuesConfig(Map.of("hooks", withUrl, "hanging", hanging, "free", withoutUrl));
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

  private static Message message(String queue, String payload) {
    return new Message(
        1,
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
