package org.scheduler.app.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes the registry in the Prometheus text exposition format (0.0.4). Dotted names become
 * underscored ({@code queue.work.processed} is {@code queue_work_processed_total}); meters and
 * counters are counters, timers and histograms summaries (timers in seconds), numeric gauges
 * gauges. Non-numeric gauges are left out.
 */
public final class PrometheusText {
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final Pattern INVALID = Pattern.compile("[^a-zA-Z0-9_:]");
  private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.99};

  private PrometheusText() {}

  public static String write(MetricRegistry registry) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Gauge> entry : registry.getGauges().entrySet()) {
      Object value;
      try {
        value = entry.getValue().getValue();
      } catch (RuntimeException e) {
        continue; // a gauge that cannot be read now is left out of this scrape
      }
      Double number = number(value);
      if (number != null) {
        String name = name(entry.getKey());
        type(out, name, "gauge");
        sample(out, name, "", number);
      }
    }
    for (Map.Entry<String, Counter> entry : registry.getCounters().entrySet()) {
      String name = name(entry.getKey()) + "_total";
      type(out, name, "counter");
      sample(out, name, "", entry.getValue().getCount());
    }
    for (Map.Entry<String, Meter> entry : registry.getMeters().entrySet()) {
      String name = name(entry.getKey()) + "_total";
      type(out, name, "counter");
      sample(out, name, "", entry.getValue().getCount());
    }
    for (Map.Entry<String, Timer> entry : registry.getTimers().entrySet()) {
      summary(
          out,
          name(entry.getKey()) + "_seconds",
          entry.getValue().getSnapshot(),
          entry.getValue().getCount(),
          1e-9);
    }
    for (Map.Entry<String, Histogram> entry : registry.getHistograms().entrySet()) {
      summary(
          out,
          name(entry.getKey()),
          entry.getValue().getSnapshot(),
          entry.getValue().getCount(),
          1);
    }
    return out.toString();
  }

  private static void summary(
      StringBuilder out, String name, Snapshot snapshot, long count, double scale) {
    type(out, name, "summary");
    for (double quantile : QUANTILES) {
      sample(out, name, "{quantile=\"" + quantile + "\"}", snapshot.getValue(quantile) * scale);
    }
    sample(out, name + "_count", "", count);
    sample(out, name + "_sum", "", snapshot.getMean() * count * scale);
  }

  private static void type(StringBuilder out, String name, String type) {
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder out, String name, String labels, double value) {
    out.append(name).append(labels).append(' ').append(format(value)).append('\n');
  }

  private static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  static String name(String metric) {
    String name = INVALID.matcher(metric).replaceAll("_");
    return Character.isDigit(name.charAt(0)) ? "_" + name : name;
  }

  private static Double number(Object value) {
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    if (value instanceof Boolean bool) {
      return bool ? 1.0 : 0.0;
    }
    return null;
  }
}
