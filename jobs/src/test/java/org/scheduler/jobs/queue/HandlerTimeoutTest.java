package org.scheduler.jobs.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.scheduler.api.MessageHandler;
import org.scheduler.api.NewMessage;
import org.scheduler.db.testing.PostgresExtension;

/**
 * One consumer, a handler timeout of 300 ms: a handler that sleeps past it, and one that ignores
 * the interrupt, both cost their message a retry, and the consumer takes the next message at once.
 */
class HandlerTimeoutTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();

  private final QueueConfig config =
      QueueConfig.defaults("q")
          .withConcurrency(1)
          .withRetries(2, Duration.ofHours(1), Duration.ofHours(1), 0)
          .withPollInterval(Duration.ofMillis(20))
          .withHandlerTimeout(
              Duration.ofMillis(300), Map.of("slow-but-allowed", Duration.ofSeconds(5)));
  private final QueuesConfig queues = new QueuesConfig(Map.of("q", config));
  private final List<Long> handled = new CopyOnWriteArrayList<>();
  private final List<Long> interrupted = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final MetricRegistry metrics = new MetricRegistry();
  private QueueWorkers workers;
  private QueueEnqueuer enqueuer;

  @BeforeEach
  void startWorkers() {
    postgres.execute("TRUNCATE queue_messages, queue_history, queue_dead");
    enqueuer = new QueueEnqueuer(postgres.dataSource(), queues);
    Map<String, MessageHandler> handlers =
        Map.of(
            "ok",
            message -> handled.add(message.id()),
            "sleepy",
            message -> {
              try {
                Thread.sleep(Duration.ofMinutes(5).toMillis());
              } catch (InterruptedException e) {
                interrupted.add(message.id());
                throw e;
              }
            },
            "stubborn",
            message -> {
              // swallows every interrupt until the test lets it go
              while (true) {
                try {
                  if (release.await(10, TimeUnit.SECONDS)) {
                    return;
                  }
                } catch (InterruptedException e) {
                  interrupted.add(message.id());
                }
              }
            },
            "slow-but-allowed",
            message -> {
              Thread.sleep(600);
              handled.add(message.id());
            });
    workers = new QueueWorkers(queues, new QueueStore(postgres.dataSource()), handlers, metrics);
    workers.start();
  }

  @AfterEach
  void stopWorkers() throws InterruptedException {
    release.countDown();
    workers.stop(Duration.ofSeconds(10));
  }

  @Test
  void aHandlerPastItsTimeoutIsInterruptedAndItsMessageRetried() throws Exception {
    long sleepy = enqueuer.enqueue("q", NewMessage.of("sleepy", "{}"));
    await().atMost(Duration.ofSeconds(10)).until(() -> interrupted.contains(sleepy));
    long next = enqueuer.enqueue("q", NewMessage.of("ok", "{}"));

    await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(next));
    await().atMost(Duration.ofSeconds(10)).until(() -> retried(sleepy));
    assertThat(metrics.meter("queue.q.timed-out").getCount()).isEqualTo(1);
    assertThat(metrics.meter("queue.q.abandoned").getCount()).isZero();
  }

  @Test
  void aHandlerThatIgnoresTheInterruptIsLeftBehindAndTheConsumerGoesOn() throws Exception {
    long stubborn = enqueuer.enqueue("q", NewMessage.of("stubborn", "{}"));
    await().atMost(Duration.ofSeconds(10)).until(() -> interrupted.contains(stubborn));
    long next = enqueuer.enqueue("q", NewMessage.of("ok", "{}"));

    await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(next));
    await().atMost(Duration.ofSeconds(10)).until(() -> retried(stubborn));
    assertThat(metrics.meter("queue.q.abandoned").getCount()).isEqualTo(1);
    assertThat(release.getCount()).as("the stubborn handler still runs").isEqualTo(1);
  }

  @Test
  void aTypeWithALongerTimeoutMayTakeIt() throws Exception {
    long slow = enqueuer.enqueue("q", NewMessage.of("slow-but-allowed", "{}"));

    await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(slow));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> postgres.queryLong("SELECT count(*) FROM queue_history WHERE id = " + slow) == 1);
    assertThat(metrics.meter("queue.q.timed-out").getCount()).isZero();
  }

  /** Back in the queue for a later attempt, with the timeout as its error. */
  private static boolean retried(long id) {
    return postgres.queryLong(
            "SELECT count(*) FROM queue_messages WHERE id = "
                + id
                + " AND state = 'delayed' AND attempts = 1"
                + " AND last_error = 'timed out after PT0.3S'")
        == 1;
  }
}
