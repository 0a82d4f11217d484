package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Chooses how many messages a consumer claims at once, so that a batch takes about the queue's
 * target duration. It keeps a moving average of the time one message takes and aims the next batch
 * at {@code target / perMessage}, within the queue's min and max:
 *
 * <ul>
 *   <li>it grows only after a full batch that finished early (a short claim means the backlog is
 *       drained, and claiming more would not fill the batch): eightfold after a batch that took
 *       less than an eighth of the target, so a cold start reaches a fast handler's size in three
 *       batches, else at most doubling;
 *   <li>it shrinks at once to what the last batch's own pace allows when a batch overruns the
 *       target, so a handler that slows down is followed within a batch or two;
 *   <li>it halves on handler errors, and when a batch used more than half of its lease, since a
 *       lease that expires mid-batch hands the rest of the batch to another node.
 * </ul>
 *
 * One controller serves all consumers of a queue on a node. Time comes from an injected nano clock
 * so tests drive it without sleeping.
 */
final class BatchSizeController {
  /** Weight of the newest batch in the per-message average. */
  private static final double SMOOTHING = 0.5;

  /** Growth after a full batch far under the target, and after one merely under it. */
  private static final double FAST_GROWTH = 8;

  private static final double GROWTH = 2;

  private final int min;
  private final int max;
  private final long targetNanos;
  private final long leaseNanos;
  private final LongSupplier nanoClock;

  private double size;
  private double nanosPerMessage = Double.NaN;

  public BatchSizeController(QueueConfig config, LongSupplier nanoClock) {
    requireNonNull(config, "config is null");
    this.min = config.batch().min();
    this.max = config.batch().max();
    this.targetNanos = config.batch().targetDuration().toNanos();
    this.leaseNanos = config.lease().toNanos();
    this.nanoClock = requireNonNull(nanoClock, "nanoClock is null");
    this.size = Math.max(min, Math.min(max, 10));
  }

  /** The claim size for the next batch. */
  public synchronized int size() {
    return (int) Math.round(size);
  }

  /** Call when a claim of {@code requested} messages is about to be made. */
  public Batch start(int requested) {
    return new Batch(requested, nanoClock.getAsLong());
  }

  /** A batch being processed; finish it with what happened. */
  public final class Batch {
    private final int requested;
    private final long startNanos;

    private Batch(int requested, long startNanos) {
      this.requested = requested;
      this.startNanos = startNanos;
    }

    /** {@code claimed} messages were processed, {@code failed} of them with errors. */
    public Duration finish(int claimed, int failed) {
      long elapsed = nanoClock.getAsLong() - startNanos;
      record(requested, claimed, failed, elapsed);
      return Duration.ofNanos(elapsed);
    }
  }

  private synchronized void record(int requested, int claimed, int failed, long elapsedNanos) {
    if (claimed == 0) {
      return; // an empty claim says nothing about processing time
    }
    double lastPerMessage = (double) elapsedNanos / claimed;
    nanosPerMessage =
        Double.isNaN(nanosPerMessage)
            ? lastPerMessage
            : SMOOTHING * lastPerMessage + (1 - SMOOTHING) * nanosPerMessage;
    double next;
    if (failed > 0) {
      next = size / 2;
    } else if (elapsedNanos > targetNanos) {
      next = Math.min(size, targetNanos / Math.max(lastPerMessage, nanosPerMessage));
      if (elapsedNanos > leaseNanos / 2) {
        next = Math.min(next, size / 2);
      }
    } else if (claimed >= requested) {
      double growth = elapsedNanos * FAST_GROWTH < targetNanos ? FAST_GROWTH : GROWTH;
      next = Math.min(size * growth, Math.max(size, targetNanos / nanosPerMessage));
    } else {
      next = Math.min(size, targetNanos / nanosPerMessage);
    }
    size = Math.max(min, Math.min(max, next));
  }
}
