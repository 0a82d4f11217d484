package org.scheduler.jobs.queue;

import java.time.Duration;

/** Sleeps between polls, and can be woken early (to stop, or because work arrived). */
final class Waiter {
  private boolean woken;

  synchronized void await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!woken) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    woken = false;
  }

  synchronized void wake() {
    woken = true;
    notifyAll();
  }
}
