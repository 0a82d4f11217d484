package org.scheduler.app.metrics;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;
import org.scheduler.app.conf.yaml.ConfMapping;

/** {@code metrics}: where the node's metrics are exported. */
public record MetricsConfig(boolean jmx, String jmxDomain) {
  private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public MetricsConfig {
    requireNonNull(jmxDomain, "jmxDomain is null");
  }

  public static MetricsConfig from(ConfMapping conf) {
    boolean jmx = conf.bool("jmx", true);
    String domain = conf.string("jmxDomain", "scheduler");
    if (!DOMAIN.matcher(domain).matches()) {
      conf.errors()
          .add(
              conf.line("jmxDomain"),
              conf.name("jmxDomain") + ": use letters, digits, '.', '_' or '-'");
      domain = "scheduler";
    }
    conf.finish();
    return new MetricsConfig(jmx, domain);
  }
}
