package org.scheduler.app.quartz;

import java.time.Duration;
import org.scheduler.app.conf.ConfMapping;

/** {@code quartz}: the scheduler's threads and its cluster timing. */
public record QuartzConfig(
    int threads, Duration checkInInterval, Duration misfireThreshold, Duration shutdownTimeout) {

  public static QuartzConfig from(ConfMapping conf) {
    QuartzConfig config =
        new QuartzConfig(
            conf.integer("threads", 10, 1, 200),
            conf.duration(
                "checkInInterval",
                Duration.ofMillis(7500),
                Duration.ofMillis(500),
                Duration.ofMinutes(5)),
            conf.duration(
                "misfireThreshold",
                Duration.ofSeconds(60),
                Duration.ofSeconds(1),
                Duration.ofHours(24)),
            conf.duration(
                "shutdownTimeout", Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1)));
    conf.finish();
    return config;
  }
}
