package org.scheduler.app.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.scheduler.api.NewMessage;
import org.scheduler.app.queue.QueueService.State;
import org.scheduler.db.testing.PostgresExtension;
import org.scheduler.jobs.queue.QueueAdmin;
import org.scheduler.jobs.queue.QueueConfig;
import org.scheduler.jobs.queue.QueueEnqueuer;
import org.scheduler.jobs.queue.QueueLimitGauges;
import org.scheduler.jobs.queue.QueueLimits;
import org.scheduler.jobs.queue.QueueStore;
import org.scheduler.jobs.queue.QueueWorkers;
import org.scheduler.jobs.queue.QueuesConfig;

class QueueServiceTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();

  private final QueuesConfig queues =
      new QueuesConfig(
          Map.of("q", QueueConfig.defaults("q").withPollInterval(Duration.ofMillis(20))));
  private final List<Long> handled = new CopyOnWriteArrayList<>();
  private final MetricRegistry metrics = new MetricRegistry();
  private QueueService service;
  private QueueEnqueuer enqueuer;

  @BeforeEach
  void create() {
    postgres.execute("TRUNCATE queue_messages, queue_history, queue_dead");
    enqueuer = new QueueEnqueuer(postgres.dataSource(), queues);
    QueueWorkers workers =
        new QueueWorkers(
            queues,
            new QueueStore(postgres.dataSource()),
            Map.of("t", message -> handled.add(message.id())),
            metrics);
    service =
        new QueueService(
            workers,
            queues,
            new QueueAdmin(postgres.dataSource()),
            metrics,
            new QueueLimitGauges(metrics, postgres.dataSource(), new QueueLimits(queues)));
  }

  @AfterEach
  void stop() throws Exception {
    service.stop();
  }

  @Test
  void movesFromStartingThroughRunningAndDrainingToStopped() throws Exception {
    assertThat(service.state()).isEqualTo(State.STARTING);

    service.start();
    assertThat(service.state()).isEqualTo(State.RUNNING);
    long first = enqueuer.enqueue("q", NewMessage.of("t", "{}"));
    await().until(() -> handled.contains(first));

    service.drain();
    assertThat(service.state()).isEqualTo(State.DRAINING);
    long second = enqueuer.enqueue("q", NewMessage.of("t", "{}"));
    await().during(300, TimeUnit.MILLISECONDS).until(() -> !handled.contains(second));

    service.stop();
    service.stop();
    assertThat(service.state()).isEqualTo(State.STOPPED);
    service.start();
    assertThat(service.state()).isEqualTo(State.STOPPED);
    assertThat(handled).doesNotContain(second);
  }

  @Test
  void theDatabaseGaugesCountTheClustersMessages() throws Exception {
    service.drain();
    service.start();
    service.drain();
    enqueuer.enqueue("q", NewMessage.of("t", "{}"));
    enqueuer.enqueue("q", NewMessage.of("t", "{}"));

    Gauge<?> depth = metrics.getGauges().get("queue.q.depth");

    assertThat(depth.getValue()).isEqualTo(2L);
  }
}
