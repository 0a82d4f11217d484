package org.scheduler.app.quartz;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.scheduler.app.health.ReadinessCheck;

/**
 * Triggers of the cluster that Quartz cannot load, looked up at most every {@value
 * #MAX_AGE_SECONDS} s (readiness is probed every second). Reported as a readiness warning, not a
 * failure: the stored schedule is shared, so every node would fail together and leave the load
 * balancer none; the other triggers keep firing anyway.
 */
public final class ScheduleHealth implements ReadinessCheck {
  private static final long MAX_AGE_SECONDS = 5;

  private final StoredSchedule stored;
  private final Clock clock;
  private volatile Snapshot last = new Snapshot(Instant.MIN, List.of());

  /** The jobs whose trigger cannot be loaded, as looked up at {@code at}. */
  public record Snapshot(Instant at, List<String> broken) {}

  @Inject
  public ScheduleHealth(StoredSchedule stored, Clock clock) {
    this.stored = requireNonNull(stored, "stored is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Names of the jobs whose trigger cannot be loaded. */
  public List<String> brokenTriggers() throws SQLException {
    return snapshot().broken();
  }

  public Snapshot snapshot() throws SQLException {
    Snapshot snapshot = last;
    Instant now = clock.instant();
    if (Duration.between(snapshot.at(), now).getSeconds() >= MAX_AGE_SECONDS
        || snapshot.at().isAfter(now)) {
      snapshot = new Snapshot(now, stored.brokenTriggers());
      last = snapshot;
    }
    return snapshot;
  }

  @Override
  public String name() {
    return "schedule";
  }

  @Override
  public Optional<String> problem() {
    return Optional.empty();
  }

  @Override
  public Optional<String> warning() {
    try {
      List<String> broken = brokenTriggers();
      return broken.isEmpty()
          ? Optional.empty()
          : Optional.of(
              broken.size()
                  + " trigger(s) cannot be loaded and do not fire: "
                  + String.join(", ", broken.subList(0, Math.min(20, broken.size())))
                  + "; the next reconcile rebuilds them from jobs.yaml");
    } catch (SQLException e) {
      return Optional.empty(); // the database check reports an unreachable database
    }
  }
}
