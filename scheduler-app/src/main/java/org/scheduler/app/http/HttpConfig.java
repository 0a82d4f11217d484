package org.scheduler.app.http;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.scheduler.app.conf.yaml.ConfMapping;

/** {@code http}: where the admin API and the health endpoints listen. */
public record HttpConfig(
    String host,
    int port,
    int maxBodySize,
    Optional<String> adminToken,
    Optional<String> readToken) {
  public static final int DEFAULT_PORT = 8080;

  /** Room for a bulk enqueue of 10,000 small messages. */
  public static final int DEFAULT_MAX_BODY_SIZE = 16 * 1024 * 1024;

  public HttpConfig {
    requireNonNull(host, "host is null");
    requireNonNull(adminToken, "adminToken is null");
    requireNonNull(readToken, "readToken is null");
  }

  public HttpConfig(String host, int port, int maxBodySize) {
    this(host, port, maxBodySize, Optional.empty(), Optional.empty());
  }

  /** Without an admin token the API is open, so it listens on loopback only. */
  public String effectiveHost() {
    return adminToken.isPresent() ? host : "127.0.0.1";
  }

  /** Port 0 picks a free port (tests). */
  public static HttpConfig from(ConfMapping conf) {
    HttpConfig config =
        new HttpConfig(
            conf.string("host", "0.0.0.0"),
            conf.integer("port", DEFAULT_PORT, 0, 65535),
            conf.integer("maxBodySize", DEFAULT_MAX_BODY_SIZE, 1024, 256 * 1024 * 1024),
            conf.string("adminToken"),
            conf.string("readToken"));
    if (config.readToken().isPresent() && config.adminToken().isEmpty()) {
      conf.errors()
          .add(
              conf.line("readToken"),
              conf.name("readToken") + " is set but adminToken is not; set both");
    }
    if (config.adminToken().filter(token -> token.length() < 16).isPresent()
        || config.readToken().filter(token -> token.length() < 16).isPresent()) {
      conf.errors()
          .add(
              conf.line("adminToken"),
              conf.name("adminToken") + " and readToken must be at least 16 characters");
    }
    if (config.readToken().isPresent() && config.readToken().equals(config.adminToken())) {
      conf.errors()
          .add(
              conf.line("readToken"),
              conf.name("readToken")
                  + " equals adminToken, so read-only callers could write; choose another");
    }
    conf.finish();
    return config;
  }

  @Override
  public String toString() {
    return "HttpConfig[host="
        + host
        + ", port="
        + port
        + ", maxBodySize="
        + maxBodySize
        + ", adminToken="
        + (adminToken.isPresent() ? "****" : "none")
        + ", readToken="
        + (readToken.isPresent() ? "****" : "none")
        + "]";
  }
}
