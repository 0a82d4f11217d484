package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.Timer;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.scheduler.api.BatchMessageHandler;
import org.scheduler.api.Message;
import org.scheduler.api.MessageHandler;
import org.scheduler.api.MessageOutcome;
import org.scheduler.api.PermanentFailureException;
import org.scheduler.api.RetryLaterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One consumer of a queue: claims a batch (sized by the queue's controller), runs each message's
 * handler in turn (a batch handler once with all the messages of its type), then settles the batch
 * with one ack, one retry and one dead-letter statement, each repeated through connection problems
 * while the lease lasts. Asked to stop mid-batch, it finishes the message at hand and gives the
 * rest back at once; once the lease is over it handles no more of the batch, since another consumer
 * may hold those messages by then.
 */
final class QueueConsumer {
  private static final Logger log = LoggerFactory.getLogger(QueueConsumer.class);

  /** MDC keys: which queue and message a log line of a handler or the consumer is about. */
  static final String MDC_QUEUE = "queue";

  static final String MDC_MESSAGE_ID = "messageId";

  private final QueueConfig config;
  private final QueueLimits limits;
  private final QueueStore store;
  private final Map<String, MessageHandler> handlers;
  private final BatchSizeController controller;
  private final Backoff backoff;
  private final QueueMetrics metrics;
  private final Settler settler;

  QueueConsumer(
      QueueConfig config,
      QueueLimits limits,
      QueueStore store,
      Map<String, MessageHandler> handlers,
      BatchSizeController controller,
      Backoff backoff,
      QueueMetrics metrics) {
    this.config = requireNonNull(config, "config is null");
    this.limits = requireNonNull(limits, "limits is null");
    this.store = requireNonNull(store, "store is null");
    this.handlers = requireNonNull(handlers, "handlers is null");
    this.controller = requireNonNull(controller, "controller is null");
    this.backoff = requireNonNull(backoff, "backoff is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.settler = new Settler(metrics, config.name());
  }

  /**
   * Claims one batch and runs its handlers on {@code handlerThread}, each within its type's
   * timeout; returns how many messages it claimed. A claim that got all it asked for calls {@code
   * morePending} at once, so that an idle consumer takes the next batch while this one works.
   */
  int runBatch(BooleanSupplier running, HandlerThread handlerThread, Runnable morePending)
      throws SQLException, InterruptedException {
    MDC.put(MDC_QUEUE, config.name());
    int size = controller.size();
    BatchSizeController.Batch batch = controller.start(size);
    Claim claim =
        store.claim(
            config.name(),
            size,
            config.batch().maxBytes(),
            config.lease(),
            limits.of(config.name()));
    if (claim.isEmpty()) {
      batch.finish(0, 0);
      return 0;
    }
    if (claim.size() >= size) {
      morePending.run();
    }
    Timer.Context batchTimer = metrics.batch().time();
    // stopping, or the lease is over and another consumer may hold these messages by now
    BooleanSupplier proceed = () -> running.getAsBoolean() && !claim.lease().expired();
    WatchedBatch watched =
        new WatchedBatch(
            calls(claim.messages()),
            proceed,
            this::process,
            call -> config.timeouts().forType(call.get(0).type()),
            this::timedOut);
    WatchedBatch.Results results = handlerThread.run(watched);
    if (!results.abandoned().isEmpty()) {
      metrics.abandoned().mark();
      List<Message> hung = results.abandoned();
      log.warn(
          "The handler of message(s) {} (type {}) of queue {} went on after being interrupted at its"
              + " timeout of {}; it is left to run out on thread {} and the consumer goes on",
          hung.size() > 10 ? hung.size() + " messages" : hung.stream().map(Message::id).toList(),
          hung.get(0).type(),
          config.name(),
          config.timeouts().forType(hung.get(0).type()),
          results.abandonedThread());
    }
    List<Long> acks = new ArrayList<>(claim.size());
    List<QueueStore.Retry> retries = new ArrayList<>();
    List<QueueStore.Dead> dead = new ArrayList<>();
    for (Result result : results.results()) {
      result.addTo(acks, retries, dead);
    }
    settle(claim, acks, retries, dead, results.unprocessed());
    batchTimer.stop();
    batch.finish(claim.size() - results.unprocessed().size(), retries.size() + dead.size());
    return claim.size();
  }

  /** What became of one message: acked, retried after a delay, or dead-lettered. */
  record Result(long id, Kind kind, Duration delay, String error) {
    enum Kind {
      ACK,
      RETRY,
      DEAD
    }

    static Result ack(long id) {
      return new Result(id, Kind.ACK, Duration.ZERO, null);
    }

    static Result dead(long id, String error) {
      return new Result(id, Kind.DEAD, Duration.ZERO, error);
    }

    void addTo(List<Long> acks, List<QueueStore.Retry> retries, List<QueueStore.Dead> dead) {
      switch (kind) {
        case ACK -> acks.add(id);
        case RETRY -> retries.add(new QueueStore.Retry(id, delay, error));
        case DEAD -> dead.add(new QueueStore.Dead(id, error));
      }
    }
  }

  /**
   * The handler calls of a claim, in claim order: one per message, except that all messages of a
   * batch handler's type go to it in one call, at the place of the first of them.
   */
  private List<List<Message>> calls(List<Message> messages) {
    List<List<Message>> calls = new ArrayList<>(messages.size());
    Map<String, List<Message>> batched = new HashMap<>();
    for (Message message : messages) {
      if (batchHandler(message.type()).isEmpty()) {
        calls.add(List.of(message));
        continue;
      }
      List<Message> call = batched.get(message.type());
      if (call == null) {
        call = new ArrayList<>();
        batched.put(message.type(), call);
        calls.add(call);
      }
      call.add(message);
    }
    return calls;
  }

  private Optional<BatchMessageHandler> batchHandler(String type) {
    return handlers.get(type) instanceof BatchMessageHandler handler
            && handler.batchesOn(config.name())
        ? Optional.of(handler)
        : Optional.empty();
  }

  /** Runs on the handler thread. */
  private List<Result> process(List<Message> call) {
    Optional<BatchMessageHandler> batchHandler = batchHandler(call.get(0).type());
    if (batchHandler.isPresent()) {
      return processBatch(batchHandler.get(), call);
    }
    return List.of(process(call.get(0)));
  }

  private Result process(Message message) {
    MessageHandler handler = handlers.get(message.type());
    if (handler == null) {
      return Result.dead(message.id(), "no handler for message type '" + message.type() + "'");
    }
    Optional<Result> exhausted = exhausted(message);
    if (exhausted.isPresent()) {
      return exhausted.get();
    }
    Timer.Context timer = metrics.message().time();
    MDC.put(MDC_QUEUE, config.name());
    MDC.put(MDC_MESSAGE_ID, Long.toString(message.id()));
    try {
      handler.handle(message);
      return Result.ack(message.id());
    } catch (PermanentFailureException e) {
      return Result.dead(message.id(), describe(e));
    } catch (RetryLaterException e) {
      return failed(message, describe(e), e, e.notBefore().orElse(Duration.ZERO));
    } catch (Exception e) {
      return failed(message, describe(e), e, Duration.ZERO);
    } catch (Error e) {
      // a handler's OutOfMemoryError or StackOverflowError fails the message, not the consumer
      return failed(message, describe(e), e, Duration.ZERO);
    } finally {
      timer.stop();
      MDC.remove(MDC_MESSAGE_ID);
    }
  }

  private List<Result> processBatch(BatchMessageHandler handler, List<Message> call) {
    List<Result> results = new ArrayList<>(call.size());
    List<Message> live = new ArrayList<>(call.size());
    for (Message message : call) {
      exhausted(message).ifPresentOrElse(results::add, () -> live.add(message));
    }
    if (live.isEmpty()) {
      return results;
    }
    Timer.Context timer = metrics.message().time();
    MDC.put(MDC_QUEUE, config.name());
    Map<Long, MessageOutcome> outcomes;
    try {
      outcomes = handler.handleBatch(List.copyOf(live));
    } catch (PermanentFailureException e) {
      live.forEach(message -> results.add(Result.dead(message.id(), describe(e))));
      return results;
    } catch (RetryLaterException e) {
      Duration notBefore = e.notBefore().orElse(Duration.ZERO);
      live.forEach(message -> results.add(failed(message, describe(e), e, notBefore)));
      return results;
    } catch (Exception | Error e) {
      live.forEach(message -> results.add(failed(message, describe(e), e, Duration.ZERO)));
      return results;
    } finally {
      timer.stop();
    }
    for (Message message : live) {
      MessageOutcome outcome = outcomes == null ? null : outcomes.get(message.id());
      if (outcome == null) {
        results.add(
            failed(message, "the batch handler gave no outcome for it", null, Duration.ZERO));
        continue;
      }
      results.add(
          switch (outcome.kind()) {
            case DONE -> Result.ack(message.id());
            case RETRY_LATER ->
                failed(
                    message,
                    limited(outcome.reason()),
                    null,
                    outcome.notBefore().orElse(Duration.ZERO));
            case FAILED_FOR_GOOD -> Result.dead(message.id(), limited(outcome.reason()));
          });
    }
    return results;
  }

  /**
   * A message whose lease expired on every attempt: its handler never finished (a crash, a hang).
   */
  private Optional<Result> exhausted(Message message) {
    int maxAttempts = message.maxAttempts().orElse(config.maxAttempts());
    if (message.attempt() <= maxAttempts) {
      return Optional.empty();
    }
    return Optional.of(
        Result.dead(
            message.id(),
            "attempts exhausted: the lease expired before the handler finished, "
                + (message.attempt() - 1)
                + " time(s)"));
  }

  /** The outcome of a message whose handler ran past its timeout. */
  private Result timedOut(Message message) {
    metrics.timedOut().mark();
    return failed(
        message,
        "timed out after " + config.timeouts().forType(message.type()),
        null,
        Duration.ZERO);
  }

  private Result failed(Message message, String error, Throwable cause, Duration notBefore) {
    log.debug("{} failed: {}", message, error, cause);
    int maxAttempts = message.maxAttempts().orElse(config.maxAttempts());
    if (message.attempt() >= maxAttempts) {
      return Result.dead(
          message.id(), "failed " + message.attempt() + " attempt(s); last: " + error);
    }
    Duration delay = backoff.delayAfter(message.attempt());
    return new Result(
        message.id(), Result.Kind.RETRY, notBefore.compareTo(delay) > 0 ? notBefore : delay, error);
  }

  private void settle(
      Claim claim,
      List<Long> acks,
      List<QueueStore.Retry> retries,
      List<QueueStore.Dead> dead,
      List<Long> unprocessed)
      throws SQLException, InterruptedException {
    Lease lease = claim.lease();
    var acked = settler.settle("ack", lease, () -> store.ack(claim.token(), acks));
    var retried = settler.settle("retry", lease, () -> store.retry(claim.token(), retries));
    var buried = settler.settle("dead-letter", lease, () -> store.deadLetter(claim.token(), dead));
    if (!unprocessed.isEmpty() && !lease.expired()) {
      settler.settle("release", lease, () -> store.release(claim.token(), unprocessed));
    }
    metrics.processed().mark(acked.value().size());
    metrics.failed().mark(retried.value().size());
    metrics.dead().mark(buried.value().size());
    // a repeated statement finds what its lost first try committed already settled; only a
    // first try that is refused shows a lease taken over
    int refused =
        refusedCount(acks.size(), acked)
            + refusedCount(retries.size(), retried)
            + refusedCount(dead.size(), buried);
    if (refused > 0) {
      metrics.refused().mark(refused);
      Set<Long> refusedIds = new HashSet<>(acks);
      refusedIds.removeAll(acked.value());
      log.warn(
          "{} message(s) of queue {} were taken over by another consumer after their lease expired"
              + " (acks refused: {}); raise the lease or lower the batch target",
          refused,
          config.name(),
          refusedIds.size() > 10 ? refusedIds.size() + " ids" : refusedIds);
    }
    for (QueueStore.Dead each : dead) {
      if (buried.value().contains(each.id())) {
        log.warn(
            "Message {} of queue {} dead-lettered: {}", each.id(), config.name(), each.error());
      }
    }
  }

  private static int refusedCount(int sent, Settler.Outcome<Set<Long>> outcome) {
    return outcome.repeated() ? 0 : sent - outcome.value().size();
  }

  private static String describe(Throwable error) {
    return limited(error.getMessage() == null ? error.getClass().getName() : error.toString());
  }

  private static String limited(String error) {
    return error.length() > 2000 ? error.substring(0, 2000) : error;
  }
}
