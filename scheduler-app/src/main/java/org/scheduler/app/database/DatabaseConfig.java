package org.scheduler.app.database;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.scheduler.app.conf.yaml.ConfMapping;

/**
 * {@code database}: an external PostgreSQL ({@code url}, or the {@code SCHEDULER_DATABASE_URL}
 * environment variable, which wins) or, when neither is set, the embedded server.
 */
public record DatabaseConfig(
    Optional<String> url,
    String user,
    Optional<String> password,
    int poolSize,
    Duration connectionTimeout,
    Embedded embedded) {
  public static final String URL_VARIABLE = "SCHEDULER_DATABASE_URL";
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  public DatabaseConfig {
    requireNonNull(url, "url is null");
    requireNonNull(user, "user is null");
    requireNonNull(password, "password is null");
    requireNonNull(connectionTimeout, "connectionTimeout is null");
    requireNonNull(embedded, "embedded is null");
  }

  /** {@code database.embedded}: the PostgreSQL server a node starts when no url is set. */
  public record Embedded(int port, Path dataDirectory, String database) {
    public Embedded {
      requireNonNull(dataDirectory, "dataDirectory is null");
      requireNonNull(database, "database is null");
    }
  }

  public boolean isEmbedded() {
    return url.isEmpty();
  }

  /** The JDBC URL the pool connects to. */
  public String jdbcUrl() {
    return url.orElseGet(
        () -> "jdbc:postgresql://localhost:" + embedded.port() + "/" + embedded.database());
  }

  public static DatabaseConfig from(ConfMapping conf) {
    Optional<String> fileUrl = conf.string("url");
    Optional<String> url = conf.environment(URL_VARIABLE).or(() -> fileUrl);
    url.filter(value -> !value.startsWith("jdbc:postgresql://"))
        .ifPresent(
            value ->
                conf.errors()
                    .add(
                        conf.line("url"),
                        conf.name("url")
                            + " (or "
                            + URL_VARIABLE
                            + "): expected jdbc:postgresql://host:port/database"));
    String user = conf.string("user", "postgres");
    Optional<String> password = conf.string("password");
    int poolSize = conf.integer("poolSize", 20, 2, 500);
    Duration connectionTimeout =
        conf.duration(
            "connectionTimeout",
            Duration.ofSeconds(10),
            Duration.ofMillis(250),
            Duration.ofMinutes(5));

    ConfMapping embeddedConf = conf.mapping("embedded");
    String database = embeddedConf.string("database", "scheduler");
    if (!DATABASE_NAME.matcher(database).matches()) {
      conf.errors()
          .add(
              embeddedConf.line("database"),
              embeddedConf.name("database") + ": use lower-case letters, digits and '_'");
      database = "scheduler";
    }
    Embedded embedded =
        new Embedded(
            embeddedConf.integer("port", 15432, 1, 65535),
            Path.of(embeddedConf.string("dataDirectory", "data/postgres")),
            database);
    embeddedConf.finish();
    conf.finish();
    return new DatabaseConfig(url, user, password, poolSize, connectionTimeout, embedded);
  }

  /** Never the password: a record's own toString would print it into the log. */
  @Override
  public String toString() {
    return "DatabaseConfig[" + describe() + ", connectionTimeout " + connectionTimeout + "]";
  }

  /** For the startup log: the URL without credentials, the password masked. */
  public String describe() {
    String where =
        isEmbedded()
            ? "embedded PostgreSQL on port "
                + embedded.port()
                + ", data in "
                + embedded.dataDirectory()
                + ", database "
                + embedded.database()
            : url.get().replaceAll("(?i)(password=)[^&]*", "$1****");
    return where
        + ", user "
        + user
        + ", password "
        + (password.isPresent() ? "****" : "(none)")
        + ", pool size "
        + poolSize;
  }
}
