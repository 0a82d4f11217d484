package org.scheduler.app.http;

import static java.util.Objects.requireNonNull;

import org.scheduler.app.conf.ConfMapping;

/** {@code http}: where the admin API and the health endpoints listen. */
public record HttpConfig(String host, int port) {
  public static final int DEFAULT_PORT = 8080;

  public HttpConfig {
    requireNonNull(host, "host is null");
  }

  /** Port 0 picks a free port (tests). */
  public static HttpConfig from(ConfMapping conf) {
    HttpConfig config =
        new HttpConfig(
            conf.string("host", "0.0.0.0"), conf.integer("port", DEFAULT_PORT, 0, 65535));
    conf.finish();
    return config;
  }
}
