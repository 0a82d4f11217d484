package org.scheduler.app.conf;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** {@code node}: what this node calls itself in logs and the API. */
public record NodeConfig(String name) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public NodeConfig {
    requireNonNull(name, "name is null");
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
    conf.finish();
    return new NodeConfig(name);
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
