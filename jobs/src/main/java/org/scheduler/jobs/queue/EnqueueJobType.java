package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.util.Map;
import java.util.function.Consumer;
import org.scheduler.api.JobParams;
import org.scheduler.api.JobType;
import org.scheduler.api.ParamKind;
import org.scheduler.api.ParamSpec;
import org.scheduler.api.ParamsCheck;

/** The {@code enqueue} job type: cron-driven work for the queue worker. */
final class EnqueueJobType {
  public static final String NAME = "enqueue";
  public static final String QUEUE = "queue";
  public static final String TYPE = "type";
  public static final String PAYLOAD = "payload";
  public static final String PRIORITY = "priority";

  private EnqueueJobType() {}

  public static JobType create() {
    return JobType.builder(NAME, EnqueueJob.class)
        .param(ParamSpec.required(QUEUE, ParamKind.STRING, "the configured queue to put it on"))
        .param(ParamSpec.required(TYPE, ParamKind.STRING, "the message type"))
        .param(ParamSpec.optional(PAYLOAD, ParamKind.JSON, Map.of(), "the message payload"))
        .param(
            ParamSpec.optional(PRIORITY, ParamKind.INTEGER, 0L, "higher runs first")
                .range(-1_000_000, 1_000_000))
        .check(KnownQueueCheck.class)
        .build();
  }

  /** The queue must be one this node configures, and the type well formed. */
  static final class KnownQueueCheck implements ParamsCheck {
    private final QueuesConfig queues;

    @Inject
    KnownQueueCheck(QueuesConfig queues) {
      this.queues = requireNonNull(queues, "queues is null");
    }

    @Override
    public void check(JobParams params, Consumer<String> errors) {
      queues.checkKnown(QUEUE, params.string(QUEUE), errors);
      if (!QueueNames.isValidType(params.string(TYPE))) {
        errors.accept("params.type: " + QueueNames.typeRule());
      }
    }
  }
}
