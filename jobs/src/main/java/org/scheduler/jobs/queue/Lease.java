package org.scheduler.jobs.queue;

import java.time.Duration;

/**
 * How long a claim is still ours. The database sets the lease from its own {@code now()} when the
 * statement runs; this copy starts from just before the statement was sent, on the JVM's monotonic
 * clock, so it always ends a little before the database's and never after it.
 */
final class Lease {
  private volatile long endsAtNanos;

  private Lease(long endsAtNanos) {
    this.endsAtNanos = endsAtNanos;
  }

  /** A lease of {@code length} granted by a statement sent at {@code sentAtNanos}. */
  static Lease grantedAt(long sentAtNanos, Duration length) {
    return new Lease(sentAtNanos + length.toNanos());
  }

  /** The database extended the lease by {@code by} in a statement sent at {@code sentAtNanos}. */
  void extendedAt(long sentAtNanos, Duration by) {
    endsAtNanos = Math.max(endsAtNanos, sentAtNanos + by.toNanos());
  }

  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, endsAtNanos - System.nanoTime()));
  }

  public boolean expired() {
    return endsAtNanos - System.nanoTime() <= 0;
  }
}
