package org.scheduler.app.quartz;

import static com.codahale.metrics.MetricRegistry.name;

import com.codahale.metrics.MetricRegistry;
import java.util.Set;

/**
 * The per-job metrics ({@code job.<job>.run}, {@code .failures}, {@code .misfires}) by name, and
 * their removal: a job removed from jobs.yaml takes its metrics along, out of JMX and /metrics.
 */
public final class JobMetrics {
  static final String PREFIX = "job";

  private JobMetrics() {}

  static String run(String job) {
    return name(PREFIX, job, "run");
  }

  static String failures(String job) {
    return name(PREFIX, job, "failures");
  }

  static String misfires(String job) {
    return name(PREFIX, job, "misfires");
  }

  /** Removes the metrics of every job not in {@code jobs}. */
  public static void retainOnly(MetricRegistry registry, Set<String> jobs) {
    registry.removeMatching((metric, value) -> isJobMetric(metric) && !jobs.contains(job(metric)));
  }

  private static boolean isJobMetric(String metric) {
    return metric.startsWith(PREFIX + ".") && metric.lastIndexOf('.') > PREFIX.length();
  }

  /** The job of {@code job.<job>.<metric>}; job names may hold dots, metric names never do. */
  private static String job(String metric) {
    return metric.substring(PREFIX.length() + 1, metric.lastIndexOf('.'));
  }
}
