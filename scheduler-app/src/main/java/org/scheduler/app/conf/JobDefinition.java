package org.scheduler.app.conf;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import org.scheduler.api.JobParams;

/** One validated entry of {@code jobs.yaml}. */
public record JobDefinition(
    String name,
    String type,
    Schedule schedule,
    ZoneId timeZone,
    MisfirePolicy misfire,
    boolean enabled,
    JobParams params,
    Optional<Duration> timeout,
    int line) {
  public JobDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(schedule, "schedule is null");
    requireNonNull(timeZone, "timeZone is null");
    requireNonNull(misfire, "misfire is null");
    requireNonNull(params, "params is null");
    requireNonNull(timeout, "timeout is null");
  }

  /**
   * A digest of everything that defines the job (not its line in the file): equal fingerprints mean
   * the scheduled job needs no change, so its next fire time is kept.
   */
  public String fingerprint() {
    String canonical =
        String.join(
                "\n",
                type,
                schedule.toString(),
                timeZone.getId(),
                misfire.name(),
                Boolean.toString(enabled),
                params.toJson())
            // only when given, so that jobs defined before timeouts existed keep their fingerprint
            + timeout.map(limit -> "\ntimeout=" + limit).orElse("");
    return Sha256.hex(canonical);
  }
}
