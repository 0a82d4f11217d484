package org.scheduler.jobs.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.scheduler.api.Pruner;
import org.scheduler.db.testing.PostgresExtension;
import org.scheduler.jobs.history.JobRunHistory;

class CleanupJobTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();

  private final List<Integer> batches = new ArrayList<>();

  @BeforeEach
  void arrange() {
    postgres.execute(
        "TRUNCATE job_runs",
        "INSERT INTO job_runs (job_name, node_id, started_at, outcome)"
            + " SELECT 'old', 'n1', now() - interval '40 days', 'SUCCEEDED'"
            + " FROM generate_series(1, 2500)",
        "INSERT INTO job_runs (job_name, node_id, started_at, outcome)"
            + " SELECT 'recent', 'n1', now() - interval '1 day', 'SUCCEEDED'"
            + " FROM generate_series(1, 10)");
  }

  @Test
  void deletesHistoryOlderThanRetentionInBoundedBatches() throws Exception {
    CleanupJob job = new CleanupJob(Set.of(recording(new JobRunPruner(history()))));

    Map<String, Long> deleted = job.prune(Duration.ofDays(30), 1000);

    assertThat(deleted).containsExactlyEntriesOf(Map.of("job_runs", 2500L));
    assertThat(batches).containsExactly(1000, 1000, 500);
    assertThat(history().runs("old", 10)).isEmpty();
    assertThat(history().runs("recent", 100)).hasSize(10);
  }

  @Test
  void keepsEverythingYoungerThanRetention() throws Exception {
    CleanupJob job = new CleanupJob(Set.of(new JobRunPruner(history())));

    assertThat(job.prune(Duration.ofDays(60), 1000)).containsEntry("job_runs", 0L);
    assertThat(history().runs("old", 5000)).hasSize(2500);
  }

  private JobRunHistory history() {
    return new JobRunHistory(postgres.dataSource());
  }

  private Pruner recording(Pruner pruner) {
    return new Pruner() {
      @Override
      public String name() {
        return pruner.name();
      }

      @Override
      public int deleteBatch(Duration retention, int limit) throws SQLException {
        int deleted = pruner.deleteBatch(retention, limit);
        batches.add(deleted);
        return deleted;
      }
    };
  }
}
