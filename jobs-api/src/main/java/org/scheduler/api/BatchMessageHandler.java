package org.scheduler.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A handler that is cheaper in bulk (one HTTP call or one SQL statement for many messages): the
 * consumer hands it all the messages of its type in a claimed batch at once, and the call's time is
 * what the adaptive batch size measures. It answers each message's outcome by id; a message left
 * out of the answer is retried. Throwing {@link PermanentFailureException} dead-letters the whole
 * call's messages, any other exception retries them all. The queue's handler timeout applies to the
 * call as a whole. Register it as any {@link MessageHandler}.
 */
public interface BatchMessageHandler extends MessageHandler {
  Map<Long, MessageOutcome> handleBatch(List<Message> messages) throws Exception;

  /**
   * Whether messages of {@code queue} go to {@link #handleBatch}; a handler that batches on some
   * queues only answers false for the others, whose messages then go to {@link #handle} one by one.
   */
  default boolean batchesOn(String queue) {
    return true;
  }

  /** One message as a batch of one, for callers that have a single message. */
  @Override
  default void handle(Message message) throws Exception {
    MessageOutcome outcome = handleBatch(List.of(message)).get(message.id());
    if (outcome == null) {
      throw new RetryLaterException("the batch handler gave no outcome", Optional.empty());
    }
    switch (outcome.kind()) {
      case DONE -> {}
      case RETRY_LATER -> throw new RetryLaterException(outcome.reason(), outcome.notBefore());
      case FAILED_FOR_GOOD -> throw new PermanentFailureException(outcome.reason());
    }
  }
}
