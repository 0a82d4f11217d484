package org.scheduler.app.conf;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** When a job runs: a cron expression (in Quartz syntax) or a fixed interval. */
public sealed interface Schedule {
  /** As the API and {@code conf check} show it. */
  String describe();

  /**
   * @param expression the Quartz expression that runs
   * @param original what the conf said, when it was 5-field Unix cron or a macro such as @daily
   */
  record Cron(String expression, String original) implements Schedule {
    public Cron {
      requireNonNull(expression, "expression is null");
      requireNonNull(original, "original is null");
    }

    @Override
    public String describe() {
      return original.equals(expression)
          ? "cron " + expression
          : "cron " + original + " (Quartz: " + expression + ")";
    }
  }

  record Every(Duration interval) implements Schedule {
    public Every {
      requireNonNull(interval, "interval is null");
    }

    @Override
    public String describe() {
      return "every " + interval;
    }
  }
}
