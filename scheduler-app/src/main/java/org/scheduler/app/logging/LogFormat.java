package org.scheduler.app.logging;

import java.util.Locale;
import java.util.Optional;

/** How the node writes its log lines to standard error. */
public enum LogFormat {
  /** One readable line per event (the default). */
  TEXT,
  /** One JSON object per line, for log collectors. */
  JSON;

  /** The environment variable that chooses the format, ahead of {@code logging.format}. */
  public static final String VARIABLE = "SCHEDULER_LOG_FORMAT";

  public static Optional<LogFormat> parse(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "text" -> Optional.of(TEXT);
      case "json" -> Optional.of(JSON);
      default -> Optional.empty();
    };
  }

  public String confName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
