package org.scheduler.jobs.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.scheduler.api.MessageHandler;
import org.scheduler.api.NewMessage;
import org.scheduler.api.PermanentFailureException;
import org.scheduler.db.testing.PostgresExtension;

/** Workers on a real database with handlers that record what they see. */
class QueueWorkersTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();

  private final QueueConfig config =
      QueueConfig.defaults("q")
          .withConcurrency(2)
          .withRetries(3, Duration.ofMillis(200), Duration.ofSeconds(10), 0)
          .withPollInterval(Duration.ofMillis(20));
  private final QueuesConfig queues = new QueuesConfig(Map.of("q", config));
  private final Map<Long, List<Instant>> attempts = new ConcurrentHashMap<>();
  private final List<Long> handled = new CopyOnWriteArrayList<>();
  private final AtomicBoolean failing = new AtomicBoolean(true);
  private final MetricRegistry metrics = new MetricRegistry();
  private QueueWorkers workers;
  private QueueEnqueuer enqueuer;
  private QueueAdmin admin;

  @BeforeEach
  void startWorkers() {
    postgres.execute("TRUNCATE queue_messages, queue_history, queue_dead");
    enqueuer = new QueueEnqueuer(postgres.dataSource(), queues);
    admin = new QueueAdmin(postgres.dataSource());
    Map<String, MessageHandler> handlers =
        Map.of(
            "ok",
            message -> handled.add(message.id()),
            "flaky",
            message -> {
              attempts
                  .computeIfAbsent(message.id(), id -> new CopyOnWriteArrayList<>())
                  .add(Instant.now());
              if (failing.get()) {
                throw new IllegalStateException("not today");
              }
              handled.add(message.id());
            },
            "doomed",
            message -> {
              throw new PermanentFailureException("never");
            });
    workers = new QueueWorkers(queues, new QueueStore(postgres.dataSource()), handlers, metrics);
    workers.start();
  }

  @AfterEach
  void stopWorkers() throws InterruptedException {
    workers.stop(Duration.ofSeconds(10));
  }

  @Test
  void messagesAreHandledAndAckedOnce() throws Exception {
    List<NewMessage> messages = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      messages.add(NewMessage.of("ok", "{}"));
    }
    List<Long> ids = enqueuer.enqueueAll("q", messages);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> admin.stats(List.of("q")).get("q").depth() == 0);

    assertThat(handled).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(metrics.meter("queue.q.processed").getCount()).isEqualTo(500);
    assertThat(metrics.timer("queue.q.batch").getCount()).isPositive();
    assertThat(metrics.getGauges()).containsKey("queue.q.batch-size");
  }

  @Test
  void aFailingMessageIsRetriedWithGrowingDelaysThenDeadLetteredAndCanBeReplayed()
      throws Exception {
    long id = enqueuer.enqueue("q", NewMessage.of("flaky", "{}"));

    await().atMost(Duration.ofSeconds(30)).until(() -> !admin.dead("q", 10).isEmpty());

    List<Instant> times = attempts.get(id);
    assertThat(times).hasSize(3);
    Duration firstWait = Duration.between(times.get(0), times.get(1));
    Duration secondWait = Duration.between(times.get(1), times.get(2));
    // the delays are run_at on the database clock, so only their lower bounds are certain: the
    // second is twice the first's (a wall-clock comparison of the two waits would be noise)
    assertThat(firstWait).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(secondWait).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    QueueAdmin.DeadMessage dead = admin.dead("q", 10).get(0);
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(dead.lastError()).contains("failed 3 attempt(s)").contains("not today");
    assertThat(metrics.meter("queue.q.failed").getCount()).isEqualTo(2);
    assertThat(metrics.meter("queue.q.dead").getCount()).isEqualTo(1);

    failing.set(false);
    assertThat(admin.replay("q", id)).isEqualTo(QueueAdmin.ReplayOutcome.REPLAYED);
    await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains(id));
    assertThat(admin.dead("q", 10)).isEmpty();
  }

  @Test
  void permanentFailuresAndUnknownTypesAreDeadLetteredAtOnce() throws Exception {
    long doomed = enqueuer.enqueue("q", NewMessage.of("doomed", "{}"));
    long unknown = enqueuer.enqueue("q", NewMessage.of("nobody-handles-this", "{}"));

    await().atMost(Duration.ofSeconds(30)).until(() -> admin.dead("q", 10).size() == 2);

    Map<Long, QueueAdmin.DeadMessage> dead = new ConcurrentHashMap<>();
    admin.dead("q", 10).forEach(message -> dead.put(message.id(), message));
    assertThat(dead.get(doomed).lastError()).contains("never");
    assertThat(dead.get(doomed).attempts()).isEqualTo(1);
    assertThat(dead.get(unknown).lastError())
        .isEqualTo("no handler for message type 'nobody-handles-this'");
  }

  @Test
  void aMessageWhoseLeaseExpiredOnEveryAttemptIsDeadLettered() throws Exception {
    // two earlier claims never finished, as if their nodes had died mid-batch
    postgres.execute(
        "INSERT INTO queue_messages (id, queue, type, payload, state, attempts, max_attempts)"
            + " OVERRIDING SYSTEM VALUE VALUES (424242, 'q', 'ok', '{}', 'ready', 2, 2)");
    long id = 424242;

    await().atMost(Duration.ofSeconds(30)).until(() -> !admin.dead("q", 10).isEmpty());

    assertThat(handled).doesNotContain(id);
    assertThat(admin.dead("q", 10).get(0).lastError())
        .contains("lease expired before the handler finished, 2 time(s)");
  }
}
