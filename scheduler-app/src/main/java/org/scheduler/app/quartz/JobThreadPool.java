package org.scheduler.app.quartz;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.SchedulerConfigException;
import org.quartz.spi.ThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz's worker threads, with room for fired jobs that wait for one of them.
 *
 * <p>Quartz's scheduler thread acquires only as many triggers as its pool has free threads, so a
 * thousand triggers due in the same second were acquired and fired ten at a time, two lock-holding
 * transactions per ten, while the slot went by and the threads idled between rounds. This pool also
 * takes up to {@code backlog} jobs beyond its threads: the scheduler thread acquires and fires a
 * whole batch in one round trip before the slot, and keeps the backlog topped up while the threads
 * work through it.
 *
 * <p>A job handed over is a fired trigger whose slot has been used, so it runs even when the
 * scheduler shuts down before a thread is free: shutdown waits up to {@code shutdownTimeout} for
 * every job handed over, queued or running, whatever Quartz asks; a job handed over after that runs
 * on the caller's thread rather than be dropped.
 */
public final class JobThreadPool implements ThreadPool {
  private static final Logger log = LoggerFactory.getLogger(JobThreadPool.class);

  private final Object lock = new Object();
  private int threadCount = 10;
  private int backlog;
  private long backlogWaitNanos = TimeUnit.SECONDS.toNanos(1);
  private long shutdownTimeout = 30_000;
  private String threadNamePrefix = "quartz-worker";
  private ThreadPoolExecutor executor;
  private int inFlight;
  private boolean shutdown;
  // moving average of the jobs' run time; 0 until a job has ended
  private double averageRunNanos;

  /** Set by Quartz from {@code org.quartz.threadPool.threadCount}. */
  public void setThreadCount(int threadCount) {
    this.threadCount = threadCount;
  }

  /** Set by Quartz from {@code org.quartz.threadPool.backlog}. */
  public void setBacklog(int backlog) {
    this.backlog = backlog;
  }

  /** Set by Quartz from {@code org.quartz.threadPool.backlogWait}, in milliseconds. */
  public void setBacklogWait(long millis) {
    this.backlogWaitNanos = TimeUnit.MILLISECONDS.toNanos(millis);
  }

  /** Set by Quartz from {@code org.quartz.threadPool.shutdownTimeout}, in milliseconds. */
  public void setShutdownTimeout(long millis) {
    this.shutdownTimeout = millis;
  }

  /** Set by Quartz from {@code org.quartz.threadPool.threadNamePrefix}. */
  public void setThreadNamePrefix(String threadNamePrefix) {
    this.threadNamePrefix = threadNamePrefix;
  }

  @Override
  public void initialize() throws SchedulerConfigException {
    if (threadCount < 1 || backlog < 0 || backlogWaitNanos < 0 || shutdownTimeout < 0) {
      throw new SchedulerConfigException(
          "threadCount must be positive; backlog, backlogWait and shutdownTimeout not negative");
    }
    executor =
        new ThreadPoolExecutor(
            threadCount,
            threadCount,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            namedThreads(threadNamePrefix));
  }

  @Override
  public int blockForAvailableThreads() {
    synchronized (lock) {
      while (inFlight >= capacity() && !shutdown) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return 0;
        }
      }
      return Math.max(0, capacity() - inFlight);
    }
  }

  @Override
  public boolean runInThread(Runnable job) {
    synchronized (lock) {
      inFlight++;
    }
    try {
      executor.execute(() -> runCounted(job));
    } catch (RejectedExecutionException e) {
      runCounted(job);
    }
    return true;
  }

  private void runCounted(Runnable job) {
    long start = System.nanoTime();
    try {
      job.run();
    } finally {
      long took = System.nanoTime() - start;
      synchronized (lock) {
        averageRunNanos =
            averageRunNanos == 0 ? took : averageRunNanos + (took - averageRunNanos) / 10;
        inFlight--;
        lock.notifyAll();
      }
    }
  }

  @Override
  public void shutdown(boolean waitForJobsToComplete) {
    synchronized (lock) {
      if (shutdown) {
        return;
      }
      shutdown = true;
      lock.notifyAll();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(shutdownTimeout);
      try {
        for (long left = deadline - System.nanoTime();
            inFlight > 0 && left > 0;
            left = deadline - System.nanoTime()) {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (inFlight > 0) {
        log.warn(
            "{} job(s) still running or waiting after {} ms; another node re-runs the recoverable"
                + " ones",
            inFlight,
            shutdownTimeout);
      }
    }
    executor.shutdown();
  }

  /** Jobs handed over and not yet finished, queued or running. */
  public int inFlight() {
    synchronized (lock) {
      return inFlight;
    }
  }

  /** Threads plus the jobs they can start within the backlog wait, at the measured run time. */
  private int capacity() {
    if (averageRunNanos == 0) {
      return threadCount;
    }
    double startable = threadCount * (backlogWaitNanos / Math.max(averageRunNanos, 1));
    return threadCount + (int) Math.min(backlog, startable);
  }

  @Override
  public int getPoolSize() {
    return threadCount;
  }

  @Override
  public void setInstanceId(String instanceId) {}

  @Override
  public void setInstanceName(String instanceName) {}

  private static ThreadFactory namedThreads(String prefix) {
    AtomicInteger next = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + next.incrementAndGet());
      thread.setDaemon(false);
      return thread;
    };
  }
}
