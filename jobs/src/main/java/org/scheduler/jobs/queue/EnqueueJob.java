package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.sql.SQLException;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.scheduler.api.Enqueuer;
import org.scheduler.api.InvalidMessageException;
import org.scheduler.api.JobParams;
import org.scheduler.api.NewMessage;

/**
 * Puts one message on a queue per trigger slot. Its dedupe key is made of the job's name and the
 * slot's scheduled time, so a slot fired twice (a recovered run) still enqueues once while the
 * first message is pending.
 */
final class EnqueueJob implements Job {
  private final Enqueuer enqueuer;

  @Inject
  public EnqueueJob(Enqueuer enqueuer) {
    this.enqueuer = requireNonNull(enqueuer, "enqueuer is null");
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    JobParams params = JobParams.of(context);
    String queue = params.string(EnqueueJobType.QUEUE);
    String dedupeKey =
        "enqueue:"
            + context.getJobDetail().getKey().getName()
            + ":"
            + context.getScheduledFireTime().toInstant();
    NewMessage message =
        NewMessage.of(
                params.string(EnqueueJobType.TYPE), params.json(EnqueueJobType.PAYLOAD).toString())
            .withPriority((int) params.integer(EnqueueJobType.PRIORITY))
            .withDedupeKey(dedupeKey);
    try {
      long id = enqueuer.enqueue(queue, message);
      context.setResult("message " + id + " on queue " + queue);
    } catch (SQLException | InvalidMessageException e) {
      throw new JobExecutionException(
          "enqueue on queue " + queue + " failed: " + e.getMessage(), e);
    }
  }
}
