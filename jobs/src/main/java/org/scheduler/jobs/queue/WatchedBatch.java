package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.scheduler.api.Message;

/**
 * A batch's handlers run in turn on the handler thread ({@link #run}), watched by the consumer
 * ({@link #watch}): a handler past its timeout is interrupted; one that still runs {@link #GRACE}
 * later is abandoned, its message timed out and the rest of the batch given back, so the consumer
 * is free at once. The watcher sleeps until the running handler's deadline and is woken only when
 * the batch ends, so a batch of quick handlers costs it no wake-up per message.
 */
final class WatchedBatch implements Runnable {
  /** How long an interrupted handler has to give up before it is left behind. */
  static final Duration GRACE = Duration.ofMillis(100);

  /** What the batch came to; {@code abandoned} is the message whose handler was left running. */
  record Results(
      List<QueueConsumer.Result> results,
      List<Long> unprocessed,
      Optional<Message> abandoned,
      String abandonedThread) {}

  private final List<Message> messages;
  private final BooleanSupplier proceed;
  private final Function<Message, QueueConsumer.Result> process;
  private final Function<Message, Duration> timeoutOf;
  private final Function<Message, QueueConsumer.Result> timedOut;

  // guarded by this
  private final List<QueueConsumer.Result> results = new ArrayList<>();
  private final List<Long> unprocessed = new ArrayList<>();
  private int current = -1;
  private long startedAt;
  private long interruptedAt;
  private boolean interrupted;
  private boolean finished;
  private Message abandoned;

  WatchedBatch(
      List<Message> messages,
      BooleanSupplier proceed,
      Function<Message, QueueConsumer.Result> process,
      Function<Message, Duration> timeoutOf,
      Function<Message, QueueConsumer.Result> timedOut) {
    this.messages = requireNonNull(messages, "messages is null");
    this.proceed = requireNonNull(proceed, "proceed is null");
    this.process = requireNonNull(process, "process is null");
    this.timeoutOf = requireNonNull(timeoutOf, "timeoutOf is null");
    this.timedOut = requireNonNull(timedOut, "timedOut is null");
  }

  /** The handler thread's part. */
  @Override
  public void run() {
    try {
      for (int i = 0; i < messages.size(); i++) {
        Message message = messages.get(i);
        synchronized (this) {
          if (abandoned != null) {
            return;
          }
          if (!proceed.getAsBoolean()) {
            unprocessed.add(message.id());
            continue;
          }
          current = i;
          startedAt = System.nanoTime();
          interrupted = false;
        }
        QueueConsumer.Result result = process.apply(message);
        synchronized (this) {
          if (abandoned != null) {
            return; // the watcher settled this message already
          }
          results.add(interrupted ? timedOut.apply(message) : result);
          current = -1;
          Thread.interrupted(); // an interrupt meant for this message stays with it
        }
      }
    } finally {
      synchronized (this) {
        finished = true;
        notifyAll();
      }
    }
  }

  /** The consumer's part: returns once the batch is done or its running handler abandoned. */
  synchronized Results watch(Thread handlerThread) throws InterruptedException {
    while (!finished) {
      if (current < 0) {
        wait(1); // between two messages: the next one starts within microseconds
        continue;
      }
      Message message = messages.get(current);
      long now = System.nanoTime();
      if (!interrupted) {
        long deadline = startedAt + timeoutOf.apply(message).toNanos();
        if (now < deadline) {
          waitNanos(deadline - now);
          continue;
        }
        interrupted = true;
        interruptedAt = now;
        handlerThread.interrupt();
        continue;
      }
      long giveUp = interruptedAt + GRACE.toNanos();
      if (now < giveUp) {
        waitNanos(giveUp - now);
        continue;
      }
      abandoned = message;
      results.add(timedOut.apply(message));
      for (int rest = current + 1; rest < messages.size(); rest++) {
        unprocessed.add(messages.get(rest).id());
      }
      return new Results(
          List.copyOf(results),
          List.copyOf(unprocessed),
          Optional.of(message),
          handlerThread.getName());
    }
    return new Results(List.copyOf(results), List.copyOf(unprocessed), Optional.empty(), "");
  }

  private void waitNanos(long nanos) throws InterruptedException {
    wait(Math.max(1, nanos / 1_000_000), 0);
  }
}
