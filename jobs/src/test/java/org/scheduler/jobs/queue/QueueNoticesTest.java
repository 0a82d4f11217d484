package org.scheduler.jobs.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.scheduler.api.NewMessage;
import org.scheduler.db.testing.PostgresExtension;

/**
 * Consumers that poll only every minute still take at once what is enqueued by anyone: another
 * node's enqueuer, plain SQL, a delayed message coming due, even after their listening connection
 * was cut.
 */
class QueueNoticesTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();

  // far longer than any wait below: only a notice can explain a message handled in time
  private static final Duration POLL = Duration.ofMinutes(1);
  private static final Duration IN_TIME = Duration.ofSeconds(10);

  private final QueuesConfig queues =
      new QueuesConfig(
          Map.of(
              "slow-poll",
              QueueConfig.defaults("slow-poll").withConcurrency(2).withPollInterval(POLL)));
  private final List<Long> handled = new CopyOnWriteArrayList<>();
  private QueueWorkers workers;

  @BeforeEach
  void startIdleWorkers() {
    postgres.execute("TRUNCATE queue_messages, queue_history, queue_dead");
    workers =
        new QueueWorkers(
            queues,
            new QueueStore(postgres.dataSource()),
            Map.of("ok", message -> handled.add(message.id())),
            new MetricRegistry());
    workers.start();
    await().atMost(IN_TIME).until(QueueNoticesTest::idle);
  }

  /** Both consumers claimed nothing and sleep out their poll; the listener listens. */
  private static boolean idle() {
    return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("queue-slow-poll-"))
                .filter(thread -> thread.getState() == Thread.State.TIMED_WAITING)
                .count()
            == 2
        && listening();
  }

  private static boolean listening() {
    return postgres.queryLong(
            "SELECT count(*) FROM pg_stat_activity WHERE query = 'LISTEN "
                + QueueNotices.CHANNEL
                + "'")
        > 0;
  }

  @AfterEach
  void stopWorkers() throws InterruptedException {
    workers.stop(Duration.ofSeconds(10));
  }

  @Test
  void aMessageEnqueuedByAnotherNodeIsTakenAtOnce() throws Exception {
    QueueEnqueuer otherNode = new QueueEnqueuer(postgres.dataSource(), queues);

    long id = otherNode.enqueue("slow-poll", NewMessage.of("ok", "{}"));

    await().atMost(IN_TIME).until(() -> handled.contains(id));
  }

  @Test
  void aMessageInsertedWithPlainSqlIsTakenAtOnce() {
    long id =
        postgres.queryLong(
            "INSERT INTO queue_messages (queue, type, payload, state)"
                + " VALUES ('slow-poll', 'ok', '{}', 'ready') RETURNING id");

    await().atMost(IN_TIME).until(() -> handled.contains(id));
  }

  @Test
  void aDelayedMessageIsTakenWhenItComesDueNotBefore() throws Exception {
    QueueEnqueuer otherNode = new QueueEnqueuer(postgres.dataSource(), queues);

    long id =
        otherNode.enqueue("slow-poll", NewMessage.of("ok", "{}").withDelay(Duration.ofSeconds(2)));

    await().atMost(IN_TIME).until(() -> handled.contains(id));
    assertThat(
            postgres.queryLong(
                "SELECT count(*) FROM queue_history WHERE id = "
                    + id
                    + " AND acked_at >= enqueued_at + interval '2 seconds'"))
        .as("acked no earlier than its delay")
        .isEqualTo(1);
  }

  @Test
  void aCutListeningConnectionIsOpenedAgain() throws Exception {
    postgres.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE query = 'LISTEN "
            + QueueNotices.CHANNEL
            + "'");
    await().atMost(IN_TIME).until(QueueNoticesTest::listening);
    QueueEnqueuer otherNode = new QueueEnqueuer(postgres.dataSource(), queues);

    long id = otherNode.enqueue("slow-poll", NewMessage.of("ok", "{}"));

    await().atMost(IN_TIME).until(() -> handled.contains(id));
  }
}
