package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.scheduler.api.Message;

/**
 * A batch's handler calls run in turn on the handler thread ({@link #run}), watched by the consumer
 * ({@link #watch}). A call is one message, or all the messages of a batch handler's type. A call
 * past its timeout is interrupted; one that still runs {@link #GRACE} later is abandoned, its
 * messages timed out and the rest of the batch given back, so the consumer is free at once. The
 * watcher sleeps until the running call's deadline and is woken only when the batch ends, so a
 * batch of quick handlers costs it no wake-up per message.
 */
final class WatchedBatch implements Runnable {
  /** How long an interrupted handler has to give up before it is left behind. */
  static final Duration GRACE = Duration.ofMillis(100);

  /** What the batch came to; {@code abandoned} are the messages whose call was left running. */
  record Results(
      List<QueueConsumer.Result> results,
      List<Long> unprocessed,
      List<Message> abandoned,
      String abandonedThread) {}

  private final List<List<Message>> calls;
  private final BooleanSupplier proceed;
  private final Function<List<Message>, List<QueueConsumer.Result>> process;
  private final Function<List<Message>, Duration> timeoutOf;
  private final Function<Message, QueueConsumer.Result> timedOut;

  // guarded by this
  private final List<QueueConsumer.Result> results = new ArrayList<>();
  private final List<Long> unprocessed = new ArrayList<>();
  private int current = -1;
  private long startedAt;
  private long interruptedAt;
  private boolean interrupted;
  private boolean finished;
  private boolean abandoned;

  WatchedBatch(
      List<List<Message>> calls,
      BooleanSupplier proceed,
      Function<List<Message>, List<QueueConsumer.Result>> process,
      Function<List<Message>, Duration> timeoutOf,
      Function<Message, QueueConsumer.Result> timedOut) {
    this.calls = requireNonNull(calls, "calls is null");
    this.proceed = requireNonNull(proceed, "proceed is null");
    this.process = requireNonNull(process, "process is null");
    this.timeoutOf = requireNonNull(timeoutOf, "timeoutOf is null");
    this.timedOut = requireNonNull(timedOut, "timedOut is null");
  }

  /** The handler thread's part. */
  @Override
  public void run() {
    try {
      for (int i = 0; i < calls.size(); i++) {
        List<Message> call = calls.get(i);
        synchronized (this) {
          if (abandoned) {
            return;
          }
          if (!proceed.getAsBoolean()) {
            call.forEach(message -> unprocessed.add(message.id()));
            continue;
          }
          current = i;
          startedAt = System.nanoTime();
          interrupted = false;
        }
        List<QueueConsumer.Result> outcome = process.apply(call);
        synchronized (this) {
          if (abandoned) {
            return; // the watcher settled this call already
          }
          if (interrupted) {
            call.forEach(message -> results.add(timedOut.apply(message)));
          } else {
            results.addAll(outcome);
          }
          current = -1;
          Thread.interrupted(); // an interrupt meant for this call stays with it
        }
      }
    } finally {
      synchronized (this) {
        finished = true;
        notifyAll();
      }
    }
  }

  /** The consumer's part: returns once the batch is done or its running call abandoned. */
  synchronized Results watch(Thread handlerThread) throws InterruptedException {
    while (!finished) {
      if (current < 0) {
        wait(1); // between two calls: the next one starts within microseconds
        continue;
      }
      List<Message> call = calls.get(current);
      long now = System.nanoTime();
      if (!interrupted) {
        long deadline = startedAt + timeoutOf.apply(call).toNanos();
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
      abandoned = true;
      call.forEach(message -> results.add(timedOut.apply(message)));
      for (int rest = current + 1; rest < calls.size(); rest++) {
        calls.get(rest).forEach(message -> unprocessed.add(message.id()));
      }
      return new Results(
          List.copyOf(results), List.copyOf(unprocessed), call, handlerThread.getName());
    }
    return new Results(List.copyOf(results), List.copyOf(unprocessed), List.of(), "");
  }

  private void waitNanos(long nanos) throws InterruptedException {
    wait(Math.max(1, nanos / 1_000_000), 0);
  }
}
