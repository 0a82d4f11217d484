package org.scheduler.app.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.calendar.HolidayCalendar;
import org.quartz.simpl.SimpleJobFactory;
import org.scheduler.db.testing.PostgresExtension;

/**
 * Many triggers due in the same second, fired by two members of one cluster through the batch path;
 * and the kinds of trigger and job that go Quartz's own way one by one.
 */
class BatchFiringJobStoreTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();

  /** Runs by job name and slot; a slot seen twice is a duplicate. */
  static final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

  /** Jobs of the no-overlap job running right now, and the most ever seen at once. */
  static final AtomicInteger overlapping = new AtomicInteger();

  static final AtomicInteger mostAtOnce = new AtomicInteger();

  private final List<Scheduler> schedulers = new ArrayList<>();

  @BeforeEach
  void startCluster() throws Exception {
    runs.clear();
    mostAtOnce.set(0);
    for (String member : List.of("batch-a", "batch-b")) {
      Scheduler scheduler =
          QuartzTesting.scheduler(postgres.dataSource(), member, Duration.ofSeconds(60));
      scheduler.setJobFactory(new SimpleJobFactory());
      schedulers.add(scheduler);
    }
  }

  @AfterEach
  void stopCluster() throws Exception {
    for (Scheduler scheduler : schedulers) {
      scheduler.standby();
    }
    schedulers.get(0).clear();
    for (Scheduler scheduler : schedulers) {
      scheduler.shutdown(true);
    }
    schedulers.clear();
  }

  @Test
  void hundredsOfTriggersDueTogetherFireOncePerSlotAndStoreTheirNextTimes() throws Exception {
    Scheduler scheduler = schedulers.get(0);
    // scheduling 300 jobs one by one takes a few seconds; every trigger starts at the same slot
    Date start = nextEvenSecond(Instant.now().plusSeconds(10));
    for (int i = 0; i < 150; i++) {
      schedule(
          scheduler,
          "cron-" + i,
          TriggerBuilder.newTrigger()
              .withIdentity("cron-" + i)
              .startAt(start)
              .withSchedule(CronScheduleBuilder.cronSchedule("0/2 * * * * ?"))
              .build());
      schedule(
          scheduler,
          "simple-" + i,
          TriggerBuilder.newTrigger()
              .withIdentity("simple-" + i)
              .startAt(start)
              .withSchedule(SimpleScheduleBuilder.repeatSecondlyForever(2))
              .build());
    }
    for (Scheduler member : schedulers) {
      member.start();
    }

    long firstSlot = start.getTime();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> allRan(firstSlot) && allRan(firstSlot + 2000) && allRan(firstSlot + 4000));

    assertThat(runs.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
    for (Scheduler member : schedulers) {
      member.standby();
    }
    try (Connection connection = postgres.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      // every trigger stored its next slot past the three seen, on an even second
      assertThat(
              count(
                  statement,
                  "SELECT count(*) FROM qrtz_triggers WHERE next_fire_time <= "
                      + (firstSlot + 4000)
                      + " OR next_fire_time % 2000 <> 0"))
          .isZero();
      assertThat(count(statement, "SELECT count(*) FROM qrtz_triggers WHERE prev_fire_time < 0"))
          .isZero();
      // an interval trigger counts its fires in its own row
      assertThat(
              count(
                  statement, "SELECT count(*) FROM qrtz_simple_triggers WHERE times_triggered < 3"))
          .isZero();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> countQuery("SELECT count(*) FROM qrtz_fired_triggers") == 0);
  }

  @Test
  void aJobThatDisallowsConcurrentRunsNeverOverlapsAndACalendarTriggerStillFires()
      throws Exception {
    Scheduler scheduler = schedulers.get(0);
    JobDetail exclusive = JobBuilder.newJob(ExclusiveJob.class).withIdentity("exclusive").build();
    scheduler.scheduleJob(
        exclusive,
        Set.of(every("exclusive-a", 1, exclusive), every("exclusive-b", 1, exclusive)),
        true);
    scheduler.addCalendar("no-holidays", new HolidayCalendar(), false, false);
    schedule(
        scheduler,
        "calendared",
        TriggerBuilder.newTrigger()
            .withIdentity("calendared")
            .modifiedByCalendar("no-holidays")
            .withSchedule(SimpleScheduleBuilder.repeatSecondlyForever(1))
            .build());
    for (Scheduler member : schedulers) {
      member.start();
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ranAtLeast("exclusive", 4) && ranAtLeast("calendared", 3));
    assertThat(mostAtOnce.get()).isEqualTo(1);
  }

  @Test
  void aJobWhoseClassIsGoneIsSetAsideWhileTheOthersInItsBatchFire() throws Exception {
    Scheduler scheduler = schedulers.get(0);
    for (String name : List.of("first", "gone", "last")) {
      schedule(
          scheduler,
          name,
          TriggerBuilder.newTrigger()
              .withIdentity(name)
              .withSchedule(SimpleScheduleBuilder.repeatSecondlyForever(1))
              .build());
    }
    postgres.execute(
        "UPDATE qrtz_job_details SET job_class_name = 'org.example.NoSuchJob'"
            + " WHERE job_name = 'gone'");
    for (Scheduler member : schedulers) {
      member.start();
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ranAtLeast("first", 3) && ranAtLeast("last", 3));
    assertThat(ranAtLeast("gone", 1)).isFalse();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                countQuery(
                        "SELECT count(*) FROM qrtz_triggers"
                            + " WHERE trigger_name = 'gone' AND trigger_state = 'ERROR'")
                    == 1);
  }

  private static Trigger every(String name, int seconds, JobDetail job) {
    return TriggerBuilder.newTrigger()
        .withIdentity(name)
        .forJob(job)
        .withSchedule(SimpleScheduleBuilder.repeatSecondlyForever(seconds))
        .build();
  }

  private static void schedule(Scheduler scheduler, String name, Trigger trigger) throws Exception {
    scheduler.scheduleJob(
        JobBuilder.newJob(RecordingJob.class).withIdentity(name).build(), trigger);
  }

  private static boolean allRan(long slot) {
    for (int i = 0; i < 150; i++) {
      if (!runs.containsKey("cron-" + i + "@" + slot)
          || !runs.containsKey("simple-" + i + "@" + slot)) {
        return false;
      }
    }
    return true;
  }

  private static boolean ranAtLeast(String prefix, int times) {
    return runs.keySet().stream().filter(key -> key.startsWith(prefix + "@")).count() >= times;
  }

  private static Date nextEvenSecond(Instant after) {
    long seconds = after.getEpochSecond() + 1;
    return new Date((seconds + seconds % 2) * 1000);
  }

  private static long countQuery(String sql) throws SQLException {
    try (Connection connection = postgres.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      return count(statement, sql);
    }
  }

  private static long count(Statement statement, String sql) throws SQLException {
    try (ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  public static class RecordingJob implements Job {
    @Override
    public void execute(JobExecutionContext context) {
      record(context.getJobDetail().getKey().getName(), context);
    }
  }

  /** Runs longer than its triggers' interval, so two of them would overlap if allowed to. */
  @DisallowConcurrentExecution
  public static class ExclusiveJob implements Job {
    @Override
    public void execute(JobExecutionContext context) {
      int now = overlapping.incrementAndGet();
      mostAtOnce.accumulateAndGet(now, Math::max);
      try {
        record("exclusive", context);
        Thread.sleep(1200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        overlapping.decrementAndGet();
      }
    }
  }

  private static void record(String name, JobExecutionContext context) {
    runs.computeIfAbsent(
            name + "@" + context.getScheduledFireTime().getTime(), key -> new AtomicInteger())
        .incrementAndGet();
  }
}
