package org.scheduler.app.quartz;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import org.quartz.TriggerUtils;
import org.quartz.spi.OperableTrigger;
import org.scheduler.app.conf.JobDefinition;

/** A job's coming fire times, computed by the same Quartz trigger the cluster runs. */
public final class FireTimes {
  private FireTimes() {}

  /** The next {@code count} fire times after {@code from}, in the job's time zone. */
  public static List<ZonedDateTime> next(JobDefinition definition, Instant from, int count) {
    OperableTrigger trigger =
        (OperableTrigger) new QuartzJobs(Clock.fixed(from, ZoneOffset.UTC)).trigger(definition);
    List<Date> times = TriggerUtils.computeFireTimes(trigger, null, count);
    return times.stream()
        .map(time -> ZonedDateTime.ofInstant(time.toInstant(), definition.timeZone()))
        .toList();
  }
}
