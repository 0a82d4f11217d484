package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread a consumer's handlers run on, apart from the consumer's own, so that a hung handler
 * costs the consumer nothing: it is left behind on its thread, which ends when the handler does,
 * and the next batch gets a new one. One per consumer, used by that consumer only.
 */
final class HandlerThread implements AutoCloseable {
  private final String name;
  private final AtomicInteger generation = new AtomicInteger();
  private ExecutorService executor;
  private Thread thread;

  HandlerThread(String name) {
    this.name = requireNonNull(name, "name is null");
  }

  /** Runs the batch's handlers and watches them until the batch is done or abandoned. */
  WatchedBatch.Results run(WatchedBatch batch) throws InterruptedException {
    if (executor == null) {
      executor = newExecutor();
    }
    try {
      executor.execute(batch);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("handler thread " + name + " is closed", e);
    }
    // the executor made its thread in execute, so it is known here
    WatchedBatch.Results results = batch.watch(thread);
    if (!results.abandoned().isEmpty()) {
      executor.shutdown(); // its thread ends when the abandoned handler returns
      executor = null;
      thread = null;
    }
    return results;
  }

  private ExecutorService newExecutor() {
    String threadName =
        name + "-handler" + (generation.incrementAndGet() > 1 ? "-" + generation.get() : "");
    return Executors.newSingleThreadExecutor(
        runnable -> {
          Thread created = new Thread(runnable, threadName);
          created.setDaemon(true); // an abandoned handler must not keep the process alive
          thread = created;
          return created;
        });
  }

  /** Ends the thread once it is idle; safe to call twice. */
  @Override
  public void close() {
    ExecutorService current = executor;
    executor = null;
    if (current != null) {
      current.shutdown();
    }
  }
}
