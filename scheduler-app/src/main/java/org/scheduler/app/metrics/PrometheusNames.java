package org.scheduler.app.metrics;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Maps a Dropwizard metric name to a Prometheus family name and labels. JMX keeps the dotted names
 * ({@code queue.work.processed}); Prometheus wants the queue, job or repository as a label, so that
 * one family covers them all ({@code queue_processed{queue="work"}}).
 *
 * <p>The names that carry one are {@code queue.<queue>.<metric>}, {@code job.<job>.<metric>} and
 * {@code repository-monitor.<repository>.<metric>} (API calls also end in their status class), and
 * {@code queue-limit.<queue>/<type>.<metric>} with two labels. The metric part never holds a dot,
 * while job and repository names may, so the name is read from both ends. Every other name becomes
 * a family of its own, dots and dashes made underscores.
 */
final class PrometheusNames {
  private static final Pattern INVALID = Pattern.compile("[^a-zA-Z0-9_:]");

  private PrometheusNames() {}

  /**
   * A family name, its labels (name, value, name, value...) and its help text: the JMX name with
   * each label's value as a placeholder.
   */
  record Family(String name, String[] labels, String help) {}

  static Family family(String metric) {
    if (metric.startsWith("queue.")) {
      return labelled("queue", "queue", metric.substring("queue.".length()));
    }
    if (metric.startsWith("queue-limit.")) {
      String rest = metric.substring("queue-limit.".length());
      int slash = rest.indexOf('/');
      int last = rest.lastIndexOf('.');
      if (slash > 0 && last > slash + 1 && last < rest.length() - 1) {
        return new Family(
            sanitize("queue_limit_" + rest.substring(last + 1)),
            new String[] {
              "queue", rest.substring(0, slash), "type", rest.substring(slash + 1, last)
            },
            help("queue-limit.<queue>/<type>." + rest.substring(last + 1)));
      }
    }
    if (metric.startsWith("job.")) {
      return labelled("job", "job", metric.substring("job.".length()));
    }
    if (metric.startsWith("repository-monitor.")) {
      String rest = metric.substring("repository-monitor.".length());
      int last = rest.lastIndexOf('.');
      int beforeLast = last > 0 ? rest.lastIndexOf('.', last - 1) : -1;
      if (beforeLast > 0 && rest.substring(beforeLast + 1, last).equals("api-calls")) {
        return new Family(
            "repository_monitor_api_calls",
            new String[] {
              "repository", rest.substring(0, beforeLast), "status", rest.substring(last + 1)
            },
            help("repository-monitor.<repository>.api-calls.<status>"));
      }
      return labelled("repository_monitor", "repository", rest);
    }
    return new Family(sanitize(metric), new String[0], help(metric));
  }

  /** {@code <label value>.<metric>}, the metric being the part after the last dot. */
  private static Family labelled(String prefix, String label, String rest) {
    int last = rest.lastIndexOf('.');
    String jmxPrefix = prefix.replace('_', '-');
    if (last <= 0 || last == rest.length() - 1) {
      return new Family(sanitize(prefix + "." + rest), new String[0], help(jmxPrefix + "." + rest));
    }
    String metric = rest.substring(last + 1);
    return new Family(
        sanitize(prefix + "_" + metric),
        new String[] {label, rest.substring(0, last)},
        help(jmxPrefix + ".<" + label + ">." + metric));
  }

  private static String help(String jmxName) {
    return "JMX name " + jmxName;
  }

  static String sanitize(String metric) {
    String name = INVALID.matcher(metric).replaceAll("_").toLowerCase(Locale.ROOT);
    return Character.isDigit(name.charAt(0)) ? "_" + name : name;
  }
}
