package org.scheduler.db;

import static java.util.Objects.requireNonNull;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server process started from the binaries that Maven resolves, with its data in
 * a directory of ours that outlives the process. The server and the tests share this class, so what
 * the tests run against is what a node runs against.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(90);

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = requireNonNull(postgres, "postgres is null");
    this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null");
  }

  /**
   * Starts a server on {@code port} (0 picks a free one) with its data under {@code dataDirectory},
   * created by initdb on first use and reused afterwards.
   */
  public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
    requireNonNull(dataDirectory, "dataDirectory is null");
    Path absolute = dataDirectory.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute);
    } catch (IOException e) {
      throw new EmbeddedPostgresException(
          "cannot create the embedded PostgreSQL data directory " + absolute + ": " + e, e);
    }
    boolean fresh = !Files.exists(absolute.resolve("PG_VERSION"));
    log.info(
        "Starting embedded PostgreSQL on port {} with data in {}{}",
        port == 0 ? "(any free)" : port,
        absolute,
        fresh ? " (new cluster, running initdb)" : "");
    try {
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(absolute)
              .setCleanDataDirectory(false)
              .setPort(port)
              .setPGStartupWait(STARTUP_WAIT)
              // The builder's default turns synchronous_commit off; a job server promises that an
              // acknowledged write survives a crash, so keep PostgreSQL's durable default.
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("max_connections", "200")
              .start();
      return new EmbeddedPostgresServer(postgres, absolute);
    } catch (IOException | RuntimeException e) {
      throw new EmbeddedPostgresException(explain(absolute, port, e), e);
    }
  }

  private static String explain(Path dataDirectory, int port, Exception cause) {
    StringBuilder message =
        new StringBuilder("embedded PostgreSQL could not start (data directory ")
            .append(dataDirectory)
            .append(", port ")
            .append(port)
            .append("): ")
            .append(cause.getMessage());
    if (isRoot()) {
      message.append(
          ". Running as root: PostgreSQL refuses root, so the server is started as an"
              + " unprivileged user inside a user namespace (unshare -U); where user namespaces are"
              + " blocked this fails with 'initdb: cannot be run as root'. Run as a non-root user,"
              + " or");
    } else {
      message.append(". Check that the port is free and the directory is writable, or");
    }
    message.append(
        " point the node at an existing PostgreSQL with database.url in conf/scheduler.yaml or"
            + " the SCHEDULER_DATABASE_URL environment variable.");
    return message.toString();
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  public int port() {
    return postgres.getPort();
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  /** The JDBC URL of {@code database} on this server, for the superuser {@code postgres}. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port() + "/" + database;
  }

  public String user() {
    return "postgres";
  }

  /** Stops the server (fast shutdown); the data directory is kept. Safe to call twice. */
  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
