package org.scheduler.app.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.scheduler.api.JobParams;
import org.scheduler.app.conf.JobDefinition;
import org.scheduler.app.conf.MisfirePolicy;
import org.scheduler.app.conf.Schedule;

/** Fire times as the cluster's Quartz triggers compute them; the README documents these. */
class FireTimesTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void dailyJobInsideTheSkippedHourDoesNotRunOnTheSpringForwardDay() {
    // 2026-03-29: clocks jump from 02:00 to 03:00 in Berlin; 02:30 does not exist that day
    List<ZonedDateTime> times =
        FireTimes.next(daily0230Berlin(), Instant.parse("2026-03-27T00:00:00Z"), 4);

    assertThat(times)
        .containsExactly(
            ZonedDateTime.parse("2026-03-27T02:30+01:00[Europe/Berlin]"),
            ZonedDateTime.parse("2026-03-28T02:30+01:00[Europe/Berlin]"),
            ZonedDateTime.parse("2026-03-30T02:30+02:00[Europe/Berlin]"),
            ZonedDateTime.parse("2026-03-31T02:30+02:00[Europe/Berlin]"));
  }

  @Test
  void dailyJobInsideTheRepeatedHourRunsOnceOnTheFallBackDay() {
    // 2026-10-25: clocks go back from 03:00 to 02:00; 02:30 happens twice, the job runs once,
    // at the second 02:30 (standard time, +01:00)
    List<ZonedDateTime> times =
        FireTimes.next(daily0230Berlin(), Instant.parse("2026-10-24T00:00:00Z"), 3);

    assertThat(times)
        .extracting(ZonedDateTime::toInstant)
        .containsExactly(
            Instant.parse("2026-10-24T00:30:00Z"),
            Instant.parse("2026-10-25T01:30:00Z"),
            Instant.parse("2026-10-26T01:30:00Z"));
  }

  @Test
  void intervalSlotsAreAlignedToWholeIntervals() {
    JobDefinition every =
        new JobDefinition(
            "tick",
            "noop",
            new Schedule.Every(Duration.ofMinutes(15)),
            ZoneId.of("UTC"),
            MisfirePolicy.FIRE_NOW,
            true,
            JobParams.empty(),
            Optional.empty(),
            1);

    assertThat(FireTimes.next(every, Instant.parse("2026-01-01T10:07:13Z"), 3))
        .extracting(ZonedDateTime::toInstant)
        .containsExactly(
            Instant.parse("2026-01-01T10:15:00Z"),
            Instant.parse("2026-01-01T10:30:00Z"),
            Instant.parse("2026-01-01T10:45:00Z"));
  }

  private static JobDefinition daily0230Berlin() {
    return new JobDefinition(
        "nightly",
        "cleanup",
        new Schedule.Cron("0 30 2 * * ?", "30 2 * * *"),
        BERLIN,
        MisfirePolicy.FIRE_NOW,
        true,
        JobParams.empty(),
        Optional.empty(),
        1);
  }
}
