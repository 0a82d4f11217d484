package org.scheduler.jobs.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.scheduler.api.MessageHandler;
import org.scheduler.api.NewMessage;
import org.scheduler.db.testing.PostgresExtension;

/**
 * Limits per message type hold across three nodes' workers sharing one database: a concurrency
 * limit is never exceeded (sampled from the database), a rate limit paces its type while other
 * types run unthrottled, and a limit replaced at run time applies from the next claim.
 */
class QueueLimitsTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();

  private final List<QueueWorkers> nodes = new ArrayList<>();
  private final List<QueueLimits> nodeLimits = new ArrayList<>();
  private final List<Long> slowHandled = new CopyOnWriteArrayList<>();
  private final List<Long> slowAt = new CopyOnWriteArrayList<>();
  private final AtomicInteger slowRunning = new AtomicInteger();
  private final AtomicInteger mostSlowRunning = new AtomicInteger();
  private final List<Long> ratedAt = new CopyOnWriteArrayList<>();
  private final List<Long> fastAt = new CopyOnWriteArrayList<>();
  private ScheduledExecutorService sampler;

  @BeforeEach
  void truncate() {
    postgres.execute("TRUNCATE queue_messages, queue_history, queue_dead, queue_limits");
  }

  @AfterEach
  void stopNodes() throws InterruptedException {
    if (sampler != null) {
      sampler.shutdownNow();
    }
    for (QueueWorkers node : nodes) {
      node.stop(Duration.ofSeconds(10));
    }
  }

  @Test
  void aConcurrencyLimitHoldsAcrossNodesAndOtherTypesAreNotHeldBack() throws Exception {
    QueuesConfig queues = queues(Map.of("slow", QueueConfig.Limit.concurrency(2)));
    QueueEnqueuer enqueuer = new QueueEnqueuer(postgres.dataSource(), queues);
    enqueuer.enqueueAll("q", messages("slow", 12));
    enqueuer.enqueueAll("q", messages("fast", 200));
    AtomicLong mostClaimed = mostClaimedOfSlow();

    startNodes(queues, 3);

    await().atMost(Duration.ofSeconds(30)).until(() -> slowHandled.size() == 12);
    assertThat(mostClaimed.get()).as("most slow messages claimed at once").isEqualTo(2);
    assertThat(mostSlowRunning.get())
        .as("two handlers at once, not one consumer holding both slots")
        .isEqualTo(2);
    assertThat(fastAt).hasSize(200);
    assertThat(fastAt.stream().mapToLong(Long::longValue).max().orElseThrow())
        .as("the fast ones were done while the slow ones still queued")
        .isLessThan(slowAt.stream().mapToLong(Long::longValue).max().orElseThrow());
  }

  @Test
  void aRateLimitPacesItsTypeWhileOthersRunUnthrottled() throws Exception {
    QueuesConfig queues = queues(Map.of("rated", QueueConfig.Limit.rate(20)));
    QueueEnqueuer enqueuer = new QueueEnqueuer(postgres.dataSource(), queues);
    enqueuer.enqueueAll("q", messages("rated", 300));
    enqueuer.enqueueAll("q", messages("fast", 1000));

    startNodes(queues, 3);

    await().atMost(Duration.ofSeconds(30)).until(() -> ratedAt.size() > 200);
    long first = ratedAt.stream().mapToLong(Long::longValue).min().orElseThrow();
    long inTenSeconds =
        ratedAt.stream().filter(at -> at - first < Duration.ofSeconds(10).toNanos()).count();
    assertThat(inTenSeconds).as("rated messages in the first 10 s").isBetween(180L, 220L);
    assertThat(fastAt).hasSize(1000);
    assertThat(fastAt.stream().mapToLong(Long::longValue).max().orElseThrow())
        .as("all fast messages were done before the 60th rated one")
        .isLessThan(ratedAt.stream().sorted().toList().get(59));
  }

  @Test
  void aReplacedLimitAppliesFromTheNextClaim() throws Exception {
    QueuesConfig limited = queues(Map.of("slow", QueueConfig.Limit.concurrency(1)));
    QueueEnqueuer enqueuer = new QueueEnqueuer(postgres.dataSource(), limited);
    enqueuer.enqueueAll("q", messages("slow", 8));
    AtomicLong mostClaimed = mostClaimedOfSlow();
    startNodes(limited, 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> slowHandled.size() >= 1);
    assertThat(mostClaimed.get()).isEqualTo(1);

    List<String> changes = nodeLimits.get(0).replace(queues(Map.of()));

    assertThat(changes).containsExactly("queue q, type slow: limit removed");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> mostClaimed.get() > 1 || slowHandled.size() == 8);
    await().atMost(Duration.ofSeconds(10)).until(() -> slowHandled.size() == 8);
    assertThat(mostClaimed.get()).as("unlimited now, the consumers take several").isGreaterThan(1);
  }

  /** The most slow messages claimed at once, sampled from the database every 10 ms. */
  private AtomicLong mostClaimedOfSlow() {
    AtomicLong mostClaimed = new AtomicLong();
    sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleWithFixedDelay(
        () ->
            mostClaimed.accumulateAndGet(
                postgres.queryLong(
                    "SELECT count(*) FROM queue_messages WHERE type = 'slow' AND state = 'claimed'"),
                Math::max),
        0,
        10,
        TimeUnit.MILLISECONDS);
    return mostClaimed;
  }

  private static QueuesConfig queues(Map<String, QueueConfig.Limit> limits) {
    return new QueuesConfig(
        Map.of(
            "q",
            QueueConfig.defaults("q")
                .withConcurrency(4)
                .withPollInterval(Duration.ofMillis(50))
                .withLimits(limits)));
  }

  private static List<NewMessage> messages(String type, int count) {
    List<NewMessage> messages = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      messages.add(NewMessage.of(type, "{}"));
    }
    return messages;
  }

  private void startNodes(QueuesConfig queues, int count) {
    Map<String, MessageHandler> handlers =
        Map.of(
            "slow",
            message -> {
              mostSlowRunning.accumulateAndGet(slowRunning.incrementAndGet(), Math::max);
              try {
                Thread.sleep(300);
              } finally {
                slowRunning.decrementAndGet();
              }
              slowAt.add(System.nanoTime());
              slowHandled.add(message.id());
            },
            "rated",
            message -> ratedAt.add(System.nanoTime()),
            "fast",
            message -> fastAt.add(System.nanoTime()));
    for (int i = 0; i < count; i++) {
      QueueLimits limits = new QueueLimits(queues);
      QueueWorkers node =
          new QueueWorkers(
              queues,
              limits,
              new QueueStore(postgres.dataSource()),
              handlers,
              new MetricRegistry());
      node.start();
      nodes.add(node);
      nodeLimits.add(limits);
    }
  }
}
