package org.scheduler.app.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.Scheduler;
import org.quartz.impl.matchers.EverythingMatcher;
import org.scheduler.db.testing.PostgresExtension;
import org.scheduler.jobs.history.JobRun;
import org.scheduler.jobs.history.JobRun.Outcome;
import org.scheduler.jobs.history.JobRunHistory;
import org.scheduler.jobs.history.JobRunWriter;

class JobRunRecorderTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();

  private final MetricRegistry metrics = new MetricRegistry();
  private Scheduler scheduler;
  private JobRunHistory history;
  private JobRunWriter writer;

  @BeforeEach
  void startScheduler() throws Exception {
    history = new JobRunHistory(postgres.dataSource());
    scheduler = QuartzTesting.scheduler(postgres.dataSource(), "recorder", Duration.ofSeconds(1));
    writer = new JobRunWriter(history);
    writer.start();
    JobRunRecorder recorder =
        new JobRunRecorder(writer, history, "recorder", metrics, Clock.systemUTC());
    scheduler.getListenerManager().addJobListener(recorder, EverythingMatcher.allJobs());
    scheduler.getListenerManager().addTriggerListener(recorder, EverythingMatcher.allTriggers());
  }

  @AfterEach
  void stopScheduler() throws Exception {
    scheduler.shutdown(true);
    writer.stop(Duration.ofSeconds(5));
  }

  @Test
  void successfulAndFailedRunsAreRecordedWithTheirSlotNodeAndOutcome() throws Exception {
    apply(
        Clock.systemUTC(),
        """
        - name: fine
          type: noop
          every: PT1S
        - name: broken
          type: failing
          every: PT1S
        """);
    scheduler.start();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> finished(history.runs("fine", 10)) && finished(history.runs("broken", 10)));

    JobRun fine =
        history.runs("fine", 10).stream()
            .filter(r -> r.finishedAt() != null)
            .findFirst()
            .orElseThrow();
    assertThat(fine.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(fine.nodeId()).isEqualTo("recorder");
    assertThat(fine.triggerName()).isEqualTo("fine");
    assertThat(fine.result()).isEqualTo("noop");
    assertThat(fine.scheduledAt().toEpochMilli() % 1000).isZero();
    assertThat(fine.startedAt()).isAfterOrEqualTo(fine.scheduledAt().minusMillis(50));
    assertThat(fine.finishedAt()).isAfterOrEqualTo(fine.startedAt());

    JobRun broken =
        history.runs("broken", 10).stream()
            .filter(r -> r.finishedAt() != null)
            .findFirst()
            .orElseThrow();
    assertThat(broken.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(broken.error()).contains("failing on purpose");
  }

  @Test
  void skippedMisfiresAreRecordedWithTheMissedSlot() throws Exception {
    // scheduled as if ten minutes ago: the first slot is nine minutes past the 1 s misfire
    // threshold
    Instant tenMinutesAgo = Instant.now().minus(Duration.ofMinutes(10));
    apply(
        Clock.fixed(tenMinutesAgo, ZoneOffset.UTC),
        """
        - name: minutely
          type: noop
          every: PT1M
          misfire: skip
        """);
    Instant missedSlot =
        scheduler.getTrigger(QuartzJobs.triggerKey("minutely")).getNextFireTime().toInstant();
    scheduler.start();

    await().atMost(Duration.ofSeconds(30)).until(() -> !history.runs("minutely", 10).isEmpty());

    List<JobRun> misfires =
        history.runs("minutely", 10).stream()
            .filter(run -> run.outcome() == Outcome.MISFIRED)
            .toList();
    assertThat(misfires).hasSize(1);
    assertThat(metrics.meter("job.minutely.misfires").getCount()).isEqualTo(1);
    assertThat(misfires.get(0).scheduledAt()).isEqualTo(missedSlot);
    assertThat(misfires.get(0).error()).isEqualTo("missed; skipped to the next slot");
    assertThat(history.runs("minutely", 10))
        .noneMatch(
            run ->
                run.scheduledAt().isBefore(Instant.now().minusSeconds(60))
                    && run.outcome() != Outcome.MISFIRED);
    assertThat(
            scheduler.getTrigger(QuartzJobs.triggerKey("minutely")).getNextFireTime().toInstant())
        .isAfter(Instant.now());
  }

  @Test
  void aRunPastItsTimeoutIsInterruptedAndRecordedAsTimedOut() throws Exception {
    apply(
        Clock.systemUTC(),
        """
        - name: sleepy
          type: sleep
          every: PT1S
          timeout: PT0.3S
          params: {millis: 60000}
        - name: stubborn
          type: stubborn
          every: PT1S
          timeout: PT0.3S
          params: {millis: 5000}
        """);
    scheduler.start();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> timedOut(history.runs("sleepy", 10)) && timedOut(history.runs("stubborn", 10)));

    for (String job : List.of("sleepy", "stubborn")) {
      JobRun run =
          history.runs(job, 10).stream()
              .filter(r -> r.outcome() == Outcome.TIMED_OUT)
              .findFirst()
              .orElseThrow();
      assertThat(run.error()).as(job).contains("timed out after PT0.3S");
      // the stubborn job runs 5 s; its Quartz thread was given back long before
      assertThat(run.finishedAt()).as(job).isBefore(run.startedAt().plusSeconds(3));
    }
  }

  @Test
  void theProgressAJobReportsIsShownWithItsRunWhileItRuns() throws Exception {
    apply(
        Clock.systemUTC(),
        """
        - name: long
          type: halfway
          every: PT1M
          params: {millis: 4000}
        """);
    scheduler.triggerJob(QuartzJobs.jobKey("long"));
    scheduler.start();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                history.runs("long", 10).stream()
                    .anyMatch(
                        run ->
                            run.outcome() == Outcome.RUNNING
                                && run.progress()
                                    .filter(p -> p.fraction() == 0.5 && p.step().equals("halfway"))
                                    .isPresent()
                                && run.progressAt() != null));
  }

  private static boolean timedOut(List<JobRun> runs) {
    return runs.stream().anyMatch(run -> run.outcome() == Outcome.TIMED_OUT);
  }

  private void apply(Clock clock, String yaml) throws Exception {
    new ScheduleReconciler(
            scheduler, postgres.dataSource(), QuartzTesting.TYPES, new QuartzJobs(clock))
        .apply(QuartzTesting.jobs(yaml));
  }

  private static boolean finished(List<JobRun> runs) {
    return runs.stream().anyMatch(run -> run.finishedAt() != null);
  }
}
