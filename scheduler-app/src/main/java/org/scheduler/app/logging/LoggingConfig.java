package org.scheduler.app.logging;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.scheduler.app.conf.yaml.ConfMapping;

/** {@code logging}: the log format; {@code SCHEDULER_LOG_FORMAT} overrides the file. */
public record LoggingConfig(LogFormat format) {
  public LoggingConfig {
    requireNonNull(format, "format is null");
  }

  public static LoggingConfig from(ConfMapping conf) {
    Optional<String> fromFile = conf.string("format");
    Optional<String> fromEnv = conf.environment(LogFormat.VARIABLE);
    String source = fromEnv.isPresent() ? LogFormat.VARIABLE : conf.name("format");
    Optional<String> value = fromEnv.or(() -> fromFile);
    LogFormat format = LogFormat.TEXT;
    if (value.isPresent()) {
      Optional<LogFormat> parsed = LogFormat.parse(value.get());
      if (parsed.isEmpty()) {
        conf.errors()
            .add(conf.line("format"), source + ": use text or json, got '" + value.get() + "'");
      }
      format = parsed.orElse(LogFormat.TEXT);
    }
    conf.finish();
    return new LoggingConfig(format);
  }
}
