package org.scheduler.app.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import java.util.Set;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.scheduler.app.lifecycle.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node's HTTP server: health endpoints for the load balancer and the admin API. */
public final class HttpServerService implements Service {
  private static final Logger log = LoggerFactory.getLogger(HttpServerService.class);
  private static final long STOP_TIMEOUT_MILLIS = 5_000;

  private final HttpConfig config;
  private final Set<Endpoint> endpoints;
  private final ObjectMapper json;
  private Server server;
  private volatile int port = -1;

  @Inject
  public HttpServerService(HttpConfig config, Set<Endpoint> endpoints, ObjectMapper json) {
    this.config = requireNonNull(config, "config is null");
    this.endpoints = requireNonNull(endpoints, "endpoints is null");
    this.json = requireNonNull(json, "json is null");
  }

  @Override
  public Phase phase() {
    return Phase.HTTP;
  }

  @Override
  public synchronized void start() throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(32, 4);
    threads.setName("http");
    server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(config.effectiveHost());
    if (config.adminToken().isEmpty() && !config.effectiveHost().equals(config.host())) {
      log.warn(
          "No http.adminToken configured: the API is open, so it listens on {} only (not {})",
          config.effectiveHost(),
          config.host());
    }
    connector.setPort(config.port());
    server.addConnector(connector);
    server.setHandler(
        new JsonHandler(new Router(endpoints), json, config.maxBodySize(), new BearerAuth(config)));
    server.setStopTimeout(STOP_TIMEOUT_MILLIS);
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      throw new IllegalStateException(
          "cannot listen on " + config.effectiveHost() + ":" + config.port() + " (http.port): " + e,
          e);
    }
    port = connector.getLocalPort();
    log.info("HTTP listening on {}:{}", config.effectiveHost(), port);
  }

  /** The port listened on, which differs from the configured one when that was 0. */
  public int port() {
    return port;
  }

  @Override
  public synchronized void stop() throws Exception {
    if (server != null) {
      server.stop();
      server = null;
    }
  }
}
