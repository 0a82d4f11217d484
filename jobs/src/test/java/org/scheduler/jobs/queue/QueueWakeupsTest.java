package org.scheduler.jobs.queue;

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

/** Consumers that poll only every 30 s still take a message enqueued on their node at once. */
class QueueWakeupsTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();

  private final QueuesConfig queues =
      new QueuesConfig(
          Map.of(
              "slow-poll",
              QueueConfig.defaults("slow-poll")
                  .withConcurrency(2)
                  .withPollInterval(Duration.ofSeconds(30))));
  private final QueueWakeups wakeups = new QueueWakeups();
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
            new MetricRegistry(),
            wakeups);
    workers.start();
    // both consumers have claimed nothing and sleep out their 30 s poll interval
    await().atMost(Duration.ofSeconds(10)).until(QueueWakeupsTest::consumersIdle);
  }

  private static boolean consumersIdle() {
    return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().startsWith("queue-slow-poll-"))
            .filter(thread -> thread.getState() == Thread.State.TIMED_WAITING)
            .count()
        == 2;
  }

  @AfterEach
  void stopWorkers() throws InterruptedException {
    workers.stop(Duration.ofSeconds(10));
  }

  @Test
  void aMessageEnqueuedOnThisNodeWakesItsIdleConsumers() throws Exception {
    QueueEnqueuer local = new QueueEnqueuer(postgres.dataSource(), queues, wakeups);

    long id = local.enqueue("slow-poll", NewMessage.of("ok", "{}"));

    await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(id));
  }

  @Test
  void aMessageFromElsewhereWaitsForTheNextPoll() throws Exception {
    QueueEnqueuer elsewhere = new QueueEnqueuer(postgres.dataSource(), queues);

    long id = elsewhere.enqueue("slow-poll", NewMessage.of("ok", "{}"));

    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !handled.contains(id));
  }
}
