package org.scheduler.jobs.queue;

import java.util.Map;
import org.scheduler.jobs.spi.JobType;
import org.scheduler.jobs.spi.ParamKind;
import org.scheduler.jobs.spi.ParamSpec;

/** The {@code enqueue} job type: cron-driven work for the queue worker. */
public final class EnqueueJobType {
  public static final String NAME = "enqueue";
  public static final String QUEUE = "queue";
  public static final String TYPE = "type";
  public static final String PAYLOAD = "payload";
  public static final String PRIORITY = "priority";

  private EnqueueJobType() {}

  public static JobType create(QueuesConfig queues) {
    return JobType.builder(NAME, EnqueueJob.class)
        .param(ParamSpec.required(QUEUE, ParamKind.STRING, "the configured queue to put it on"))
        .param(ParamSpec.required(TYPE, ParamKind.STRING, "the message type"))
        .param(ParamSpec.optional(PAYLOAD, ParamKind.JSON, Map.of(), "the message payload"))
        .param(
            ParamSpec.optional(PRIORITY, ParamKind.INTEGER, 0L, "higher runs first")
                .range(-1_000_000, 1_000_000))
        .check(
            (params, errors) -> {
              String queue = params.string(QUEUE);
              if (queues.queue(queue).isEmpty()) {
                errors.accept(
                    "params.queue: unknown queue '"
                        + queue
                        + "'"
                        + (queues.queues().isEmpty()
                            ? "; configure it under queues in scheduler.yaml"
                            : " (configured: "
                                + String.join(", ", queues.queues().keySet())
                                + ")"));
              }
              if (!QueueNames.isValidType(params.string(TYPE))) {
                errors.accept("params.type: " + QueueNames.typeRule());
              }
            })
        .build();
  }
}
