package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loop that survives anything its step throws: it logs the failure (the first one, then at most
 * one line per half minute while failures go on), waits with a growing pause, and tries again until
 * stopped.
 */
final class RunUntilStopped implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(RunUntilStopped.class);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(5);
  private static final Duration MIN_FAILURE_PAUSE = Duration.ofMillis(50);
  private static final long LOG_EVERY_NANOS = Duration.ofSeconds(30).toNanos();

  /** One step of the loop; returns true when there may be more work right away. */
  interface Step {
    /** {@code running} turns false when the loop is asked to stop. */
    boolean run(BooleanSupplier running) throws Exception;
  }

  private final String name;
  private final Step step;
  private final Supplier<Duration> idlePause;
  private final Waiter waiter = new Waiter();
  private volatile boolean running = true;

  RunUntilStopped(String name, Step step, Duration idlePause) {
    this(name, step, () -> idlePause);
    requireNonNull(idlePause, "idlePause is null");
  }

  /** A loop whose step plans its own idle pause, e.g. until the next delayed message is due. */
  RunUntilStopped(String name, Step step, Supplier<Duration> idlePause) {
    this.name = requireNonNull(name, "name is null");
    this.step = requireNonNull(step, "step is null");
    this.idlePause = requireNonNull(idlePause, "idlePause is null");
  }

  boolean isRunning() {
    return running;
  }

  /** Ends an idle wait early, or skips the next one: there may be work now. */
  void wake() {
    waiter.wake();
  }

  /** Sleeping between steps, with no wake pending. */
  boolean isIdle() {
    return waiter.isIdle();
  }

  void stop() {
    running = false;
    waiter.wake();
  }

  @Override
  public void run() {
    int failures = 0;
    long lastLog = 0;
    while (running) {
      try {
        boolean more = step.run(this::isRunning);
        if (failures > 0) {
          log.info("{} works again after {} failure(s)", name, failures);
          failures = 0;
        }
        if (!more) {
          waiter.await(idlePause.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception | Error e) {
        failures++;
        long now = System.nanoTime();
        if (failures == 1 || now - lastLog > LOG_EVERY_NANOS) {
          log.warn("{} failed ({} time(s) in a row); retrying: {}", name, failures, e.toString());
          lastLog = now;
        }
        try {
          waiter.await(pause(failures));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private Duration pause(int failures) {
    Duration base = idlePause.get();
    if (base.compareTo(MIN_FAILURE_PAUSE) < 0) {
      base = MIN_FAILURE_PAUSE; // a planned pause of zero must not make a failing loop spin
    }
    Duration pause = base.multipliedBy(1L << Math.min(failures, 6));
    return pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause;
  }
}
