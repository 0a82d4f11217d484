package org.scheduler.app.metrics;

import com.codahale.metrics.Counting;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Sampling;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry in the Prometheus text format, written by Prometheus's own library. Meters and
 * counters are counters, numeric gauges gauges, timers summaries in seconds and histograms
 * summaries; names and labels as {@link PrometheusNames} maps them. A summary has count and
 * quantiles but no {@code _sum}: Dropwizard keeps no running total, and a sum made up from the
 * reservoir's mean would not be monotonic, which breaks {@code rate()}.
 */
public final class PrometheusText {
  private static final Logger log = LoggerFactory.getLogger(PrometheusText.class);
  private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();
  public static final String CONTENT_TYPE = WRITER.getContentType();
  private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.99};
  private static final List<String> RESERVED_SUFFIXES =
      List.of("_count", "_sum", "_total", "_bucket", "_created");

  private PrometheusText() {}

  public static String write(MetricRegistry registry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      WRITER.write(out, snapshots(registry), EscapingScheme.UNDERSCORE_ESCAPING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static MetricSnapshots snapshots(MetricRegistry registry) {
    Map<String, Points> families = new LinkedHashMap<>();
    registry
        .getMetrics()
        .forEach(
            (name, metric) -> {
              PrometheusNames.Family family = PrometheusNames.family(name);
              Kind kind = Kind.of(metric);
              if (kind == null) {
                return;
              }
              String familyName = familyName(family.name(), kind);
              Points points =
                  families.computeIfAbsent(familyName, key -> new Points(kind, family.help()));
              if (points.kind != kind) {
                log.debug("{} left out of /metrics: {} is already another kind", name, familyName);
                return;
              }
              points.add(Labels.of(family.labels()), metric);
            });
    List<MetricSnapshot> snapshots = new ArrayList<>();
    families.forEach(
        (name, family) -> {
          try {
            MetricSnapshot snapshot = family.snapshot(name);
            if (snapshot != null) {
              snapshots.add(snapshot);
            }
          } catch (IllegalArgumentException e) {
            log.debug("{} left out of /metrics: {}", name, e.getMessage());
          }
        });
    return new MetricSnapshots(snapshots);
  }

  /**
   * Timers are in seconds. A gauge may not end as a counter's or a summary's samples do ({@code
   * jvm.threads.count} is {@code jvm_threads}), or queries and linters take it for one.
   */
  private static String familyName(String name, Kind kind) {
    if (kind == Kind.TIMER) {
      return name + "_seconds";
    }
    for (String reserved : RESERVED_SUFFIXES) {
      if (name.endsWith(reserved) && name.length() > reserved.length()) {
        return name.substring(0, name.length() - reserved.length());
      }
    }
    return name;
  }

  private enum Kind {
    GAUGE,
    COUNTER,
    TIMER,
    HISTOGRAM;

    static Kind of(Metric metric) {
      if (metric instanceof Gauge<?>) {
        return GAUGE;
      }
      if (metric instanceof Timer) {
        return TIMER;
      }
      if (metric instanceof Sampling) {
        return HISTOGRAM;
      }
      return metric instanceof Counting ? COUNTER : null;
    }
  }

  /** The data points of one family, one per label set. */
  private static final class Points {
    private final Kind kind;
    private final String help;
    private final List<Map.Entry<Labels, Metric>> points = new ArrayList<>();

    Points(Kind kind, String help) {
      this.kind = kind;
      this.help = help;
    }

    void add(Labels labels, Metric metric) {
      points.add(Map.entry(labels, metric));
    }

    MetricSnapshot snapshot(String name) {
      return switch (kind) {
        case GAUGE -> gauges(name);
        case COUNTER -> counters(name);
        case TIMER -> summaries(name, 1e-9);
        case HISTOGRAM -> summaries(name, 1);
      };
    }

    private MetricSnapshot gauges(String name) {
      GaugeSnapshot.Builder gauges = GaugeSnapshot.builder().name(name).help(help);
      int count = 0;
      for (Map.Entry<Labels, Metric> point : points) {
        Double value = number((Gauge<?>) point.getValue());
        if (value != null) {
          gauges.dataPoint(
              GaugeDataPointSnapshot.builder().labels(point.getKey()).value(value).build());
          count++;
        }
      }
      return count == 0 ? null : gauges.build();
    }

    private MetricSnapshot counters(String name) {
      CounterSnapshot.Builder counters = CounterSnapshot.builder().name(name).help(help);
      for (Map.Entry<Labels, Metric> point : points) {
        counters.dataPoint(
            CounterDataPointSnapshot.builder()
                .labels(point.getKey())
                .value(((Counting) point.getValue()).getCount())
                .build());
      }
      return counters.build();
    }

    private MetricSnapshot summaries(String name, double scale) {
      SummarySnapshot.Builder summaries = SummarySnapshot.builder().name(name).help(help);
      for (Map.Entry<Labels, Metric> point : points) {
        Snapshot snapshot = ((Sampling) point.getValue()).getSnapshot();
        Quantiles.Builder quantiles = Quantiles.builder();
        for (double quantile : QUANTILES) {
          quantiles.quantile(new Quantile(quantile, snapshot.getValue(quantile) * scale));
        }
        summaries.dataPoint(
            SummaryDataPointSnapshot.builder()
                .labels(point.getKey())
                .count(((Counting) point.getValue()).getCount())
                .quantiles(quantiles.build())
                .build());
      }
      return summaries.build();
    }
  }

  /** A gauge's value as a number; null for one that is not numeric or cannot be read now. */
  private static Double number(Gauge<?> gauge) {
    Object value;
    try {
      value = gauge.getValue();
    } catch (RuntimeException e) {
      return null;
    }
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    if (value instanceof Boolean bool) {
      return bool ? 1.0 : 0.0;
    }
    return null;
  }
}
