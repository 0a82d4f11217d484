package org.scheduler.jobs.queue;

import java.time.Duration;

/**
 * Sleeps between polls, and can be woken early (to stop, or because work arrived). A wake that
 * comes while nobody waits is kept for the next wait, so work that arrives just after an empty
 * claim is not left for the poll interval.
 */
final class Waiter {
  private boolean woken;
  private boolean waiting;

  synchronized void await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    waiting = true;
    try {
      while (!woken) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        wait(Math.max(1, left / 1_000_000));
      }
    } finally {
      waiting = false;
      woken = false;
    }
  }

  synchronized void wake() {
    woken = true;
    notifyAll();
  }

  /** True while a thread sleeps here and no wake is pending for it. */
  synchronized boolean isIdle() {
    return waiting && !woken;
  }
}
