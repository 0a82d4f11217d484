package org.scheduler.app.http;

import static java.util.Objects.requireNonNull;

import org.scheduler.app.conf.ConfMapping;

/** {@code http}: where the admin API and the health endpoints listen. */
public record HttpConfig(String host, int port, int maxBodySize) {
  public static final int DEFAULT_PORT = 8080;

  /** Room for a bulk enqueue of 10,000 small messages. */
  public static final int DEFAULT_MAX_BODY_SIZE = 16 * 1024 * 1024;

  public HttpConfig {
    requireNonNull(host, "host is null");
  }

  /** Port 0 picks a free port (tests). */
  public static HttpConfig from(ConfMapping conf) {
    HttpConfig config =
        new HttpConfig(
            conf.string("host", "0.0.0.0"),
            conf.integer("port", DEFAULT_PORT, 0, 65535),
            conf.integer("maxBodySize", DEFAULT_MAX_BODY_SIZE, 1024, 256 * 1024 * 1024));
    conf.finish();
    return config;
  }
}
