package org.scheduler.app.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.scheduler.app.conf.JobsConf;
import org.scheduler.db.testing.PostgresExtension;

class ScheduleReconcilerTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();

  private static final String TWO_JOBS =
      """
      - name: tick
        type: noop
        every: PT1M
      - name: nightly
        type: cleanup
        cron: "0 3 * * *"
        timeZone: Europe/Berlin
      """;

  private Scheduler first;
  private Scheduler second;

  @BeforeEach
  void createSchedulers() throws Exception {
    postgres.execute(
        "DELETE FROM qrtz_simple_triggers",
        "DELETE FROM qrtz_cron_triggers",
        "DELETE FROM qrtz_triggers",
        "DELETE FROM qrtz_job_details");
    first = QuartzTesting.scheduler(postgres.dataSource(), "first", Duration.ofMinutes(1));
    second = QuartzTesting.scheduler(postgres.dataSource(), "second", Duration.ofMinutes(1));
  }

  @AfterEach
  void shutDown() throws Exception {
    first.shutdown();
    second.shutdown();
  }

  @Test
  void addsNewJobs() throws Exception {
    ScheduleReconciler.Result result =
        reconciler(first, at("2026-01-01T10:00:30Z")).apply(conf(TWO_JOBS));

    assertThat(result).isEqualTo(new ScheduleReconciler.Result(2, 0, 0, 0));
    assertThat(nextFireTime(first, "tick")).isEqualTo(Instant.parse("2026-01-01T10:01:00Z"));
    CronTrigger nightly = (CronTrigger) first.getTrigger(QuartzJobs.triggerKey("nightly"));
    assertThat(nightly.getCronExpression()).isEqualTo("0 0 3 * * ?");
    assertThat(nightly.getTimeZone().getID()).isEqualTo("Europe/Berlin");
    assertThat(first.getJobDetail(QuartzJobs.jobKey("tick")).requestsRecovery()).isFalse();
    assertThat(first.getJobDetail(QuartzJobs.jobKey("nightly")).requestsRecovery()).isTrue();
  }

  @Test
  void unchangedJobsKeepTheirNextFireTime() throws Exception {
    reconciler(first, at("2026-01-01T10:00:30Z")).apply(conf(TWO_JOBS));

    // an hour later the same conf is applied again: a rescheduled trigger would start anew
    ScheduleReconciler.Result result =
        reconciler(first, at("2026-01-01T11:00:30Z")).apply(conf(TWO_JOBS));

    assertThat(result).isEqualTo(new ScheduleReconciler.Result(0, 0, 0, 2));
    assertThat(nextFireTime(first, "tick")).isEqualTo(Instant.parse("2026-01-01T10:01:00Z"));
  }

  @Test
  void changedJobsAreRescheduledAndRemovedOnesDeleted() throws Exception {
    reconciler(first, at("2026-01-01T10:00:30Z")).apply(conf(TWO_JOBS));

    ScheduleReconciler.Result result =
        reconciler(first, at("2026-01-01T11:00:30Z"))
            .apply(
                conf("- name: tick\n  type: noop\n  every: PT5M\n  params:\n    note: changed\n"));

    assertThat(result).isEqualTo(new ScheduleReconciler.Result(0, 1, 1, 0));
    assertThat(nextFireTime(first, "tick")).isEqualTo(Instant.parse("2026-01-01T11:05:00Z"));
    assertThat(first.checkExists(QuartzJobs.jobKey("nightly"))).isFalse();
    assertThat(first.checkExists(QuartzJobs.triggerKey("nightly"))).isFalse();
    assertThat(first.getJobDetail(QuartzJobs.jobKey("tick")).getJobDataMap().getString("params"))
        .isEqualTo("{\"note\":\"changed\"}");
  }

  @Test
  void disablingAJobKeepsTheJobAndRemovesItsTrigger() throws Exception {
    reconciler(first, at("2026-01-01T10:00:30Z")).apply(conf(TWO_JOBS));

    ScheduleReconciler.Result result =
        reconciler(first, at("2026-01-01T10:00:30Z"))
            .apply(conf(TWO_JOBS.replace("every: PT1M", "every: PT1M\n  enabled: false")));

    assertThat(result).isEqualTo(new ScheduleReconciler.Result(0, 1, 0, 1));
    assertThat(first.checkExists(QuartzJobs.jobKey("tick"))).isTrue();
    assertThat(first.checkExists(QuartzJobs.triggerKey("tick"))).isFalse();
  }

  @Test
  void twoReconcilersRacingLeaveExactlyOneCopyOfEachJob() throws Exception {
    JobsConf conf = conf(TWO_JOBS);
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Callable<ScheduleReconciler.Result>> racers =
          List.of(
              () -> {
                start.await();
                return reconciler(first, Clock.systemUTC()).apply(conf);
              },
              () -> {
                start.await();
                return reconciler(second, Clock.systemUTC()).apply(conf);
              });
      List<ScheduleReconciler.Result> results = new java.util.ArrayList<>();
      for (Future<ScheduleReconciler.Result> future : threads.invokeAll(racers)) {
        results.add(future.get());
      }

      assertThat(results)
          .containsExactlyInAnyOrder(
              new ScheduleReconciler.Result(2, 0, 0, 0), new ScheduleReconciler.Result(0, 0, 0, 2));
      assertThat(first.getTriggerKeys(org.quartz.impl.matchers.GroupMatcher.anyTriggerGroup()))
          .hasSize(2);
    } finally {
      threads.shutdownNow();
    }
  }

  private ScheduleReconciler reconciler(Scheduler scheduler, Clock clock) {
    return new ScheduleReconciler(
        scheduler, postgres.dataSource(), QuartzTesting.TYPES, new QuartzJobs(clock));
  }

  private static JobsConf conf(String yaml) {
    return QuartzTesting.jobs(yaml);
  }

  private static Clock at(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  private static Instant nextFireTime(Scheduler scheduler, String name) throws Exception {
    Trigger trigger = scheduler.getTrigger(QuartzJobs.triggerKey(name));
    Date next = trigger.getNextFireTime();
    return next.toInstant();
  }
}
