package org.scheduler.jobs.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.scheduler.db.testing.PostgresExtension;
import org.scheduler.jobs.history.JobRun.Outcome;
import org.scheduler.jobs.history.JobRunHistory.Ended;
import org.scheduler.jobs.history.JobRunHistory.Started;

class JobRunWriterTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();

  private static final Instant SLOT = Instant.parse("2026-01-01T00:00:00Z");

  private final SwitchableDataSource database = new SwitchableDataSource(postgres.dataSource());
  private final JobRunHistory history = new JobRunHistory(database);
  private JobRunWriter writer;

  @BeforeEach
  void start() {
    postgres.execute("TRUNCATE job_runs");
    writer = new JobRunWriter(history);
    writer.start();
  }

  @AfterEach
  void stop() throws Exception {
    database.up = true;
    writer.stop(Duration.ofSeconds(5));
  }

  @Test
  void everyRunIsWrittenWithItsSlotStartAndEnd() throws Exception {
    for (int i = 0; i < 500; i++) {
      JobRunWriter.Run run = writer.started(started("job-" + i, i));
      writer.ended(
          run,
          new Ended(
              SLOT.plusMillis(i + 50),
              i % 2 == 0 ? Outcome.SUCCEEDED : Outcome.FAILED,
              i % 2 == 0 ? null : "error " + i,
              "result " + i));
    }

    await().until(writer::isIdle);

    assertThat(postgres.queryLong("SELECT count(*) FROM job_runs")).isEqualTo(500);
    JobRun run = history.runs("job-7", 10).get(0);
    assertThat(run.scheduledAt()).isEqualTo(SLOT);
    assertThat(run.startedAt()).isEqualTo(SLOT.plusMillis(7));
    assertThat(run.finishedAt()).isEqualTo(SLOT.plusMillis(57));
    assertThat(run.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(run.error()).isEqualTo("error 7");
    assertThat(run.result()).isEqualTo("result 7");
    assertThat(run.nodeId()).isEqualTo("node-a");
    assertThat(postgres.queryString("SELECT fire_id FROM job_runs WHERE job_name = 'job-7'"))
        .isEqualTo("fire-7");
    assertThat(
            postgres.queryLong(
                "SELECT count(*) FROM job_runs WHERE outcome = 'SUCCEEDED' AND error IS NULL"))
        .isEqualTo(250);
  }

  @Test
  void aRunStillGoingIsStoredAsRunningAndItsEndLandsOnTheSameRow() throws Exception {
    JobRunWriter.Run run = writer.started(started("long", 0));
    await().until(() -> run.id() != 0);
    JobRun running = history.runs("long", 10).get(0);
    assertThat(running.outcome()).isEqualTo(Outcome.RUNNING);
    assertThat(running.finishedAt()).isNull();

    writer.ended(run, new Ended(SLOT.plusSeconds(3), Outcome.SUCCEEDED, null, "done"));

    await().until(() -> history.runs("long", 10).get(0).outcome() == Outcome.SUCCEEDED);
    List<JobRun> runs = history.runs("long", 10);
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).id()).isEqualTo(run.id());
    assertThat(runs.get(0).finishedAt()).isEqualTo(SLOT.plusSeconds(3));
    assertThat(runs.get(0).result()).isEqualTo("done");
  }

  @Test
  void runsRecordedWhileTheDatabaseIsAwayAreWrittenWhenItIsBack() throws Exception {
    database.up = false;
    List<JobRunWriter.Run> runs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      runs.add(writer.started(started("away-" + i, i)));
    }
    writer.ended(runs.get(0), new Ended(SLOT.plusSeconds(1), Outcome.SUCCEEDED, null, null));
    await().until(() -> database.refused > 0);
    assertThat(writer.isIdle()).isFalse();

    database.up = true;

    await().atMost(10, TimeUnit.SECONDS).until(writer::isIdle);
    assertThat(postgres.queryLong("SELECT count(*) FROM job_runs")).isEqualTo(10);
    assertThat(postgres.queryLong("SELECT count(*) FROM job_runs WHERE outcome = 'RUNNING'"))
        .isEqualTo(9);
  }

  @Test
  void stopWritesWhatIsLeftFirst() throws Exception {
    for (int i = 0; i < 200; i++) {
      JobRunWriter.Run run = writer.started(started("left-" + i, i));
      writer.ended(run, new Ended(SLOT.plusSeconds(1), Outcome.SUCCEEDED, null, null));
    }

    writer.stop(Duration.ofSeconds(10));

    assertThat(postgres.queryLong("SELECT count(*) FROM job_runs WHERE outcome = 'SUCCEEDED'"))
        .isEqualTo(200);
  }

  private static Started started(String job, int i) {
    return new Started(job, job, "fire-" + i, "node-a", SLOT, SLOT.plusMillis(i), false);
  }

  /** The test database, refusing connections while {@code up} is false. */
  private static final class SwitchableDataSource implements DataSource {
    private final DataSource delegate;
    volatile boolean up = true;
    volatile int refused;

    SwitchableDataSource(DataSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public Connection getConnection() throws SQLException {
      if (!up) {
        refused++;
        throw new SQLTransientConnectionException("database away for the test");
      }
      return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      return delegate.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
      return delegate.isWrapperFor(type);
    }
  }
}
