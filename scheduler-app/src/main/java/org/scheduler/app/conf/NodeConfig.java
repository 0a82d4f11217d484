package org.scheduler.app.conf;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.scheduler.app.conf.yaml.ConfMapping;

/** {@code node}: what this node calls itself in logs and the API. */
public record NodeConfig(String name, Duration drainDelay) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Long enough for a load balancer checking every second to see two failed checks. */
  public static final Duration DEFAULT_DRAIN_DELAY = Duration.ofSeconds(2);

  public NodeConfig {
    requireNonNull(name, "name is null");
    requireNonNull(drainDelay, "drainDelay is null");
  }

  public NodeConfig(String name) {
    this(name, DEFAULT_DRAIN_DELAY);
  }

  public static NodeConfig from(ConfMapping conf) {
    String name = conf.string("name", defaultName());
    if (!NAME.matcher(name).matches()) {
      conf.errors()
          .add(
              conf.line("name"),
              conf.name("name")
                  + ": use 1 to 64 letters, digits, '.', '_' or '-', got '"
                  + name
                  + "'");
      name = defaultName();
    }
    Duration drainDelay =
        conf.duration("drainDelay", DEFAULT_DRAIN_DELAY, Duration.ZERO, Duration.ofMinutes(5));
    conf.finish();
    return new NodeConfig(name, drainDelay);
  }

  static String defaultName() {
    try {
      String host = InetAddress.getLocalHost().getHostName();
      return NAME.matcher(host).matches() ? host : "node";
    } catch (UnknownHostException e) {
      return "node";
    }
  }
}
