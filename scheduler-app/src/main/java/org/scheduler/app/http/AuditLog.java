package org.scheduler.app.http;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who was refused and who changed what. Refusals (401, 403) are logged at most {@link #BURST} times
 * per {@link #WINDOW}, then counted, so a flood of bad requests cannot fill the disk; the count is
 * logged when the next window opens.
 */
final class AuditLog {
  static final int BURST = 20;
  static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Logger log = LoggerFactory.getLogger("org.scheduler.audit");

  private final Clock clock;
  private Instant windowStart = Instant.EPOCH;
  private int loggedInWindow;
  private long suppressed;

  AuditLog(Clock clock) {
    this.clock = requireNonNull(clock, "clock is null");
  }

  void refused(int status, String method, String path, String remote, String reason, String id) {
    if (!admit()) {
      return;
    }
    log.warn("refused {} {} {} from {} (request {}): {}", status, method, path, remote, id, reason);
  }

  void accepted(String method, String path, String caller, String remote, int status, String id) {
    log.info("{} {} by {} from {} (request {}): {}", method, path, caller, remote, id, status);
  }

  private synchronized boolean admit() {
    Instant now = clock.instant();
    if (!now.isBefore(windowStart.plus(WINDOW))) {
      if (suppressed > 0) {
        log.warn("{} more refused request(s) not logged in the last {}", suppressed, WINDOW);
      }
      windowStart = now;
      loggedInWindow = 0;
      suppressed = 0;
    }
    if (loggedInWindow < BURST) {
      loggedInWindow++;
      return true;
    }
    suppressed++;
    return false;
  }
}
