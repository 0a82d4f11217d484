package org.scheduler.app.quartz;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.scheduler.app.conf.yaml.ConfMapping;

/**
 * {@code quartz}: the scheduler's threads, its cluster timing and how it acquires triggers.
 *
 * @param checkInInterval how long a node may stay silent before the others take it for dead
 */
public record QuartzConfig(
    int threads,
    Duration checkInInterval,
    Duration misfireThreshold,
    Duration shutdownTimeout,
    Acquisition acquisition) {
  private static final Duration LONGEST_CHECK_IN_PERIOD = Duration.ofSeconds(1);

  public QuartzConfig {
    requireNonNull(checkInInterval, "checkInInterval is null");
    requireNonNull(misfireThreshold, "misfireThreshold is null");
    requireNonNull(shutdownTimeout, "shutdownTimeout is null");
    requireNonNull(acquisition, "acquisition is null");
  }

  /** With the default acquisition for {@code threads}. */
  public QuartzConfig(
      int threads, Duration checkInInterval, Duration misfireThreshold, Duration shutdownTimeout) {
    this(threads, checkInInterval, misfireThreshold, shutdownTimeout, Acquisition.defaults());
  }

  /**
   * How the scheduler thread takes due triggers from the job store.
   *
   * @param batchSize triggers acquired (and fired) per round trip under the cluster's lock, and the
   *     most fired jobs that may wait for a thread
   * @param idleWait how long an idle scheduler waits before looking again; also how far ahead it
   *     acquires, so it bounds how long a released trigger waits for another node
   * @param fireAheadWindow triggers due this much after the first one of a batch join it, and fire
   *     that much early at most
   * @param backlogWait how long, at the jobs' measured run time, a fired job may wait for a thread;
   *     it sizes the backlog ({@link JobThreadPool})
   */
  public record Acquisition(
      int batchSize, Duration idleWait, Duration fireAheadWindow, Duration backlogWait) {
    static final int DEFAULT_BATCH_SIZE = 500;

    public Acquisition {
      requireNonNull(idleWait, "idleWait is null");
      requireNonNull(fireAheadWindow, "fireAheadWindow is null");
      requireNonNull(backlogWait, "backlogWait is null");
    }

    static Acquisition defaults() {
      return new Acquisition(
          DEFAULT_BATCH_SIZE, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  /** How often a node checks in and looks for dead nodes: often, so takeover is prompt. */
  public Duration checkInPeriod() {
    Duration third = checkInInterval.dividedBy(3);
    return third.compareTo(LONGEST_CHECK_IN_PERIOD) < 0 ? third : LONGEST_CHECK_IN_PERIOD;
  }

  public static QuartzConfig from(ConfMapping conf) {
    int threads = conf.integer("threads", 10, 1, 500);
    QuartzConfig config =
        new QuartzConfig(
            threads,
            conf.duration(
                "checkInInterval",
                Duration.ofMillis(7500),
                Duration.ofSeconds(1),
                Duration.ofMinutes(5)),
            conf.duration(
                "misfireThreshold",
                Duration.ofSeconds(60),
                Duration.ofSeconds(1),
                Duration.ofHours(24)),
            conf.duration(
                "shutdownTimeout", Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1)),
            new Acquisition(
                conf.integer("batchSize", Acquisition.DEFAULT_BATCH_SIZE, 1, 1000),
                conf.duration(
                    "idleWait",
                    Duration.ofSeconds(1),
                    Duration.ofMillis(100),
                    Duration.ofSeconds(30)),
                conf.duration(
                    "fireAheadWindow", Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5)),
                conf.duration(
                    "backlogWait", Duration.ofSeconds(1), Duration.ZERO, Duration.ofMinutes(1))));
    conf.finish();
    return config;
  }
}
