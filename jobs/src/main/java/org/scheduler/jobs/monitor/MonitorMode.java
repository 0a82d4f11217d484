package org.scheduler.jobs.monitor;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a monitor run walks: {@code incremental} stops at the cursor and asks conditionally; {@code
 * full} walks every page once, ignoring cursor and ETag, and reports what differs from the stored
 * state (a resync after an outage or lost state); {@code dryRun} walks as incremental but sends
 * nothing and stores nothing, listing in the run history what it would have sent.
 */
enum MonitorMode {
  INCREMENTAL("incremental"),
  FULL("full"),
  DRY_RUN("dryRun");

  private final String paramValue;

  MonitorMode(String paramValue) {
    this.paramValue = paramValue;
  }

  String paramValue() {
    return paramValue;
  }

  static Optional<MonitorMode> fromParam(String value) {
    return Arrays.stream(values()).filter(mode -> mode.paramValue.equals(value)).findFirst();
  }
}
