package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.Timer;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.scheduler.api.Message;
import org.scheduler.api.MessageHandler;
import org.scheduler.api.PermanentFailureException;
import org.scheduler.api.RetryLaterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One consumer of a queue: claims a batch (sized by the queue's controller), runs each message's
 * handler in turn, then settles the batch with one ack, one retry and one dead-letter statement,
 * each repeated through connection problems while the lease lasts. Asked to stop mid-batch, it
 * finishes the message at hand and gives the rest back at once; once the lease is over it handles
 * no more of the batch, since another consumer may hold those messages by then.
 */
final class QueueConsumer {
  private static final Logger log = LoggerFactory.getLogger(QueueConsumer.class);

  /** MDC keys: which queue and message a log line of a handler or the consumer is about. */
  static final String MDC_QUEUE = "queue";

  static final String MDC_MESSAGE_ID = "messageId";

  private final QueueConfig config;
  private final QueueStore store;
  private final Map<String, MessageHandler> handlers;
  private final BatchSizeController controller;
  private final Backoff backoff;
  private final QueueMetrics metrics;
  private final Settler settler;

  QueueConsumer(
      QueueConfig config,
      QueueStore store,
      Map<String, MessageHandler> handlers,
      BatchSizeController controller,
      Backoff backoff,
      QueueMetrics metrics) {
    this.config = requireNonNull(config, "config is null");
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
    Claim claim = store.claim(config.name(), size, config.batch().maxBytes(), config.lease());
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
            claim.messages(),
            proceed,
            this::process,
            message -> config.timeouts().forType(message.type()),
            this::timedOut);
    WatchedBatch.Results results = handlerThread.run(watched);
    if (results.abandoned().isPresent()) {
      metrics.abandoned().mark();
      Message hung = results.abandoned().get();
      log.warn(
          "The handler of message {} (type {}) of queue {} went on after being interrupted at its"
              + " timeout of {}; it is left to run out on thread {} and the consumer goes on",
          hung.id(),
          hung.type(),
          config.name(),
          config.timeouts().forType(hung.type()),
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

  /** Runs on the handler thread. */
  private Result process(Message message) {
    int maxAttempts = message.maxAttempts().orElse(config.maxAttempts());
    MessageHandler handler = handlers.get(message.type());
    if (handler == null) {
      return Result.dead(message.id(), "no handler for message type '" + message.type() + "'");
    }
    if (message.attempt() > maxAttempts) {
      // its lease expired on every attempt: the handler never finished (a crash or a hang)
      return Result.dead(
          message.id(),
          "attempts exhausted: the lease expired before the handler finished, "
              + (message.attempt() - 1)
              + " time(s)");
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
    String text = error.getMessage() == null ? error.getClass().getName() : error.toString();
    return text.length() > 2000 ? text.substring(0, 2000) : text;
  }
}
