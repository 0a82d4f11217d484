package org.scheduler.jobs.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.scheduler.api.Pruner;
import org.scheduler.db.testing.PostgresExtension;
import org.scheduler.jobs.cleanup.CleanupJob;

class QueuePrunerTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();

  @Test
  void cleanupPrunesEachQueuesHistoryAndDeadLettersByItsOwnRetention() throws Exception {
    postgres.execute(
        "INSERT INTO queue_history (id, queue, type, attempts, enqueued_at, acked_at)"
            + " SELECT g, 'q', 't', 1, now(), now() - interval '8 days' FROM generate_series(1, 2500) g",
        "INSERT INTO queue_history (id, queue, type, attempts, enqueued_at, acked_at)"
            + " VALUES (9001, 'q', 't', 1, now(), now())",
        "INSERT INTO queue_dead (id, queue, type, payload, priority, attempts, enqueued_at, dead_at)"
            + " VALUES (1, 'q', 't', '{}', 0, 5, now(), now() - interval '31 days'),"
            + " (2, 'q', 't', '{}', 0, 5, now(), now() - interval '29 days')");
    QueueAdmin admin = new QueueAdmin(postgres.dataSource());
    QueueConfig config = QueueConfig.defaults("q"); // acked P7D, dead P30D
    Set<Pruner> pruners = new LinkedHashSet<>();
    pruners.add(new QueuePruner(admin, config, QueuePruner.Table.HISTORY));
    pruners.add(new QueuePruner(admin, config, QueuePruner.Table.DEAD));

    Map<String, Long> deleted = new CleanupJob(pruners).prune(Duration.ofDays(365), 1000);

    assertThat(deleted).containsEntry("queue_history[q]", 2500L).containsEntry("queue_dead[q]", 1L);
    assertThat(count("SELECT count(*) FROM queue_history")).isEqualTo(1);
    assertThat(count("SELECT id FROM queue_dead")).isEqualTo(2);
  }

  private static long count(String sql) {
    return postgres.queryLong(sql);
  }
}
