package org.scheduler.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scheduler.db.testing.MutableClock;
import org.slf4j.LoggerFactory;

class AuditLogTest {
  private final Logger audit = (Logger) LoggerFactory.getLogger("org.scheduler.audit");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

  @BeforeEach
  void capture() {
    lines.start();
    audit.addAppender(lines);
  }

  @AfterEach
  void release() {
    audit.detachAppender(lines);
  }

  @Test
  void aFloodOfRefusalsIsCountedNotLoggedLineByLine() {
    AuditLog log = new AuditLog(clock);
    for (int i = 0; i < 1000; i++) {
      log.refused(401, "GET", "/api/jobs", "10.0.0.9", "missing or wrong token", "id-" + i);
    }
    assertThat(lines.list).hasSize(AuditLog.BURST);
    assertThat(lines.list.get(0).getFormattedMessage())
        .isEqualTo(
            "refused 401 GET /api/jobs from 10.0.0.9 (request id-0): missing or wrong token");

    clock.advance(AuditLog.WINDOW);
    log.refused(403, "POST", "/api/node/drain", "10.0.0.9", "read-only token", "id-x");
    assertThat(lines.list.subList(AuditLog.BURST, lines.list.size()))
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            (1000 - AuditLog.BURST) + " more refused request(s) not logged in the last PT1M",
            "refused 403 POST /api/node/drain from 10.0.0.9 (request id-x): read-only token");
  }

  @Test
  void everyAcceptedWriteIsLoggedWithWhoAndWhat() {
    AuditLog log = new AuditLog(clock);
    for (int i = 0; i < 50; i++) {
      log.accepted("POST", "/api/jobs/beat/pause", "the admin token", "10.0.0.9", 200, "id");
    }
    assertThat(lines.list).hasSize(50);
    assertThat(lines.list.get(0).getFormattedMessage())
        .isEqualTo("POST /api/jobs/beat/pause by the admin token from 10.0.0.9 (request id): 200");
  }
}
