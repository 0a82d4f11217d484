package org.scheduler.app.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
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
  private final ObjectMapper json;
  private final Clock clock;
  private final Router router;
  private Server server;
  private volatile int port = -1;

  @Inject
  public HttpServerService(
      HttpConfig config, Set<Endpoint> endpoints, ObjectMapper json, Clock clock) {
    this.config = requireNonNull(config, "config is null");
    requireNonNull(endpoints, "endpoints is null");
    this.json = requireNonNull(json, "json is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.router = new Router(endpoints);
  }

  /** Every method and path served, e.g. {@code GET /api/jobs/{name}/runs}. */
  public List<String> routes() {
    return router.routes();
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
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // PathSegments decodes the raw path itself, once, so an encoded '%' is no ambiguity here
    http.setUriCompliance(
        UriCompliance.DEFAULT.with("api", UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(config.effectiveHost());
    if (config.adminToken().isEmpty() && !config.effectiveHost().equals(config.host())) {
      log.warn(
          "No http.adminToken configured: the API is open, so it listens on {} only (not {})",
          config.effectiveHost(),
          config.host());
    }
    connector.setPort(config.port());
    server.addConnector(connector);
    ResponseWriter writer = new ResponseWriter(json);
    server.setErrorHandler(new JsonErrorHandler(writer));
    server.setHandler(
        new JsonHandler(
            router, writer, config.maxBodySize(), new BearerAuth(config), new AuditLog(clock)));
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
