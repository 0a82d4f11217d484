package org.scheduler.jobs.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.scheduler.api.BatchMessageHandler;
import org.scheduler.api.Message;
import org.scheduler.api.MessageHandler;
import org.scheduler.api.MessageOutcome;
import org.scheduler.api.NewMessage;
import org.scheduler.db.testing.PostgresExtension;

/**
 * A batch handler gets all the messages of its type in a claim in one call, and each message's
 * answer decides it: done ones acked, a retried one back with its reason, one failed for good
 * dead-lettered, one left out of the answer retried; a plain handler's messages of the same claim
 * go one by one meanwhile.
 */
class BatchHandlerTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();

  private final QueueConfig config =
      QueueConfig.defaults("q")
          .withConcurrency(1)
          .withBatch(50, 50, Duration.ofSeconds(1))
          .withRetries(3, Duration.ofHours(1), Duration.ofHours(1), 0)
          .withPollInterval(Duration.ofMillis(20))
          .withHandlerTimeout(Duration.ofMillis(300), Map.of());
  private final QueuesConfig queues = new QueuesConfig(Map.of("q", config));
  private final List<List<Long>> calls = new CopyOnWriteArrayList<>();
  private final List<Long> single = new CopyOnWriteArrayList<>();
  private final MetricRegistry metrics = new MetricRegistry();
  private QueueWorkers workers;
  private QueueEnqueuer enqueuer;

  @BeforeEach
  void truncate() {
    postgres.execute("TRUNCATE queue_messages, queue_history, queue_dead");
    enqueuer = new QueueEnqueuer(postgres.dataSource(), queues);
  }

  @AfterEach
  void stopWorkers() throws InterruptedException {
    if (workers != null) {
      workers.stop(Duration.ofSeconds(10));
    }
  }

  @Test
  void eachMessageOfTheCallIsSettledAsItsOutcomeSays() throws Exception {
    List<NewMessage> ten = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ten.add(NewMessage.of("bulk", "{\"n\": " + i + "}"));
    }
    ten.add(NewMessage.of("one", "{}"));
    List<Long> ids = enqueuer.enqueueAll("q", ten);
    long failing = ids.get(3);
    start(
        messages -> {
          Map<Long, MessageOutcome> outcomes = new HashMap<>();
          for (Message message : messages) {
            outcomes.put(
                message.id(),
                message.id() == failing
                    ? MessageOutcome.retryLater("item 3 refused")
                    : MessageOutcome.done());
          }
          return outcomes;
        });

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> postgres.queryLong("SELECT count(*) FROM queue_history") == 10);
    assertThat(calls).as("one call for the ten").containsExactly(ids.subList(0, 10));
    assertThat(single).containsExactly(ids.get(10));
    assertThat(
            postgres.queryLong(
                "SELECT count(*) FROM queue_messages WHERE id = "
                    + failing
                    + " AND state = 'delayed' AND attempts = 1 AND last_error = 'item 3 refused'"))
        .isEqualTo(1);
    assertThat(metrics.meter("queue.q.processed").getCount()).isEqualTo(10);
    assertThat(metrics.meter("queue.q.failed").getCount()).isEqualTo(1);
  }

  @Test
  void aMessageLeftOutOfTheAnswerIsRetriedAndOneFailedForGoodIsDeadLettered() throws Exception {
    List<Long> ids =
        enqueuer.enqueueAll(
            "q",
            List.of(
                NewMessage.of("bulk", "{}"),
                NewMessage.of("bulk", "{}"),
                NewMessage.of("bulk", "{}")));
    start(
        messages ->
            Map.of(
                ids.get(0), MessageOutcome.done(),
                ids.get(1), MessageOutcome.failedForGood("no such invoice")));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> postgres.queryLong("SELECT count(*) FROM queue_dead") == 1);
    awaitDelayed(
        "id = " + ids.get(2) + " AND last_error = 'the batch handler gave no outcome for it'", 1);
    assertThat(postgres.queryLong("SELECT count(*) FROM queue_history WHERE id = " + ids.get(0)))
        .isEqualTo(1);
    assertThat(
            postgres.queryLong(
                "SELECT count(*) FROM queue_dead WHERE id = "
                    + ids.get(1)
                    + " AND last_error = 'no such invoice'"))
        .isEqualTo(1);
  }

  @Test
  void aCallThatThrowsRetriesAllItsMessages() throws Exception {
    List<Long> ids =
        enqueuer.enqueueAll("q", List.of(NewMessage.of("bulk", "{}"), NewMessage.of("bulk", "{}")));
    start(
        messages -> {
          throw new IllegalStateException("database of the receiver is down");
        });

    awaitDelayed("last_error LIKE '%database of the receiver is down'", ids.size());
  }

  @Test
  void aCallPastTheTimeoutTimesOutAllItsMessagesAndTheConsumerGoesOn() throws Exception {
    List<Long> ids =
        enqueuer.enqueueAll("q", List.of(NewMessage.of("bulk", "{}"), NewMessage.of("bulk", "{}")));
    start(
        messages -> {
          Thread.sleep(Duration.ofMinutes(5).toMillis());
          return Map.of();
        });
    awaitDelayed("last_error = 'timed out after PT0.3S'", ids.size());
    long next = enqueuer.enqueue("q", NewMessage.of("one", "{}"));

    await().atMost(Duration.ofSeconds(10)).until(() -> single.contains(next));
    assertThat(metrics.meter("queue.q.timed-out").getCount()).isEqualTo(2);
  }

  /** Waits until {@code count} messages matching {@code condition} are back, delayed. */
  private static void awaitDelayed(String condition, long count) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                postgres.queryLong(
                        "SELECT count(*) FROM queue_messages WHERE state = 'delayed' AND "
                            + condition)
                    == count);
  }

  private interface Batch {
    Map<Long, MessageOutcome> handle(List<Message> messages) throws Exception;
  }

  private void start(Batch batch) {
    BatchMessageHandler bulk =
        messages -> {
          calls.add(messages.stream().map(Message::id).toList());
          return batch.handle(messages);
        };
    Map<String, MessageHandler> handlers =
        Map.of("bulk", bulk, "one", message -> single.add(message.id()));
    workers = new QueueWorkers(queues, new QueueStore(postgres.dataSource()), handlers, metrics);
    workers.start();
  }
}
