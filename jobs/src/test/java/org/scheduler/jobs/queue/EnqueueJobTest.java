package org.scheduler.jobs.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.TriggerBuilder;
import org.quartz.impl.JobExecutionContextImpl;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;
import org.scheduler.api.JobParams;
import org.scheduler.db.testing.PostgresExtension;

class EnqueueJobTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();

  @Test
  void aSlotFiredTwiceEnqueuesOnce() throws Exception {
    QueuesConfig queues = new QueuesConfig(Map.of("q", QueueConfig.defaults("q")));
    EnqueueJob job = new EnqueueJob(new QueueEnqueuer(postgres.dataSource(), queues));
    Date slot = Date.from(Instant.parse("2026-01-01T03:00:00Z"));

    job.execute(context(job, slot));
    job.execute(context(job, slot));
    job.execute(context(job, Date.from(Instant.parse("2026-01-02T03:00:00Z"))));

    try (Connection connection = postgres.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet resultSet =
            statement.executeQuery(
                "SELECT dedupe_key, type, payload::text, priority FROM queue_messages ORDER BY id")) {
      resultSet.next();
      assertThat(resultSet.getString(1)).isEqualTo("enqueue:nightly:2026-01-01T03:00:00Z");
      assertThat(resultSet.getString(2)).isEqualTo("report");
      assertThat(resultSet.getString(3)).isEqualTo("{\"day\": \"monday\"}");
      assertThat(resultSet.getInt(4)).isEqualTo(7);
      resultSet.next();
      assertThat(resultSet.getString(1)).isEqualTo("enqueue:nightly:2026-01-02T03:00:00Z");
      assertThat(resultSet.next()).isFalse();
    }
  }

  private static JobExecutionContextImpl context(EnqueueJob job, Date slot) {
    JobParams params =
        new JobParams(
            Map.of(
                "queue",
                "q",
                "type",
                "report",
                "payload",
                Map.of("day", "monday"),
                "priority",
                7L));
    JobDetail detail =
        JobBuilder.newJob(EnqueueJob.class)
            .withIdentity("nightly", "conf")
            .usingJobData(JobParams.JOB_DATA_KEY, params.toJson())
            .build();
    OperableTrigger trigger =
        (OperableTrigger) TriggerBuilder.newTrigger().forJob(detail).startAt(slot).build();
    TriggerFiredBundle bundle =
        new TriggerFiredBundle(detail, trigger, null, false, new Date(), slot, null, null);
    return new JobExecutionContextImpl(null, bundle, job);
  }
}
