package org.scheduler.app.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scheduler.app.conf.NodeConfig;
import org.scheduler.app.conf.yaml.ConfError;
import org.scheduler.app.conf.yaml.ConfException;
import org.scheduler.app.conf.yaml.ConfSections;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.scheduler.app.database.DatabaseConfig;
import org.scheduler.app.http.HttpConfig;
import org.scheduler.app.logging.LogFormat;
import org.scheduler.app.logging.LoggingConfig;
import org.scheduler.app.metrics.MetricsConfig;
import org.scheduler.app.quartz.QuartzConfig;
import org.scheduler.app.queue.QueuesConfigReader;
import org.scheduler.jobs.queue.QueueConfig;
import org.scheduler.jobs.queue.QueuesConfig;

/**
 * scheduler.yaml as a node reads it: each section by the reader of the capability it configures,
 * and the whole file through the node's modules (unknown sections, the rule across sections).
 */
class SchedulerYamlTest {
  @TempDir Path directory;

  @Test
  void defaults() throws IOException {
    Sections conf = sections("", Map.of());

    assertThat(conf.node().name()).isNotBlank();
    assertThat(conf.node().drainDelay()).isEqualTo(NodeConfig.DEFAULT_DRAIN_DELAY);
    assertThat(conf.metrics()).isEqualTo(new MetricsConfig(true, "scheduler"));
    assertThat(conf.queues().queues()).isEmpty();
    assertThat(conf.http().effectiveHost())
        .as("no admin token: loopback only")
        .isEqualTo("127.0.0.1");
    assertThat(conf.http())
        .isEqualTo(new HttpConfig("0.0.0.0", 8080, HttpConfig.DEFAULT_MAX_BODY_SIZE));
    assertThat(conf.database())
        .isEqualTo(
            new DatabaseConfig(
                Optional.empty(),
                "postgres",
                Optional.empty(),
                20,
                Duration.ofSeconds(10),
                new DatabaseConfig.Embedded(15432, Path.of("data/postgres"), "scheduler")));
    assertThat(conf.database().isEmbedded()).isTrue();
    assertThat(conf.database().jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:15432/scheduler");
    assertThat(conf.quartz())
        .isEqualTo(
            new QuartzConfig(
                10, Duration.ofMillis(7500), Duration.ofSeconds(60), Duration.ofSeconds(30)));
    assertThat(conf.quartz().acquisition())
        .isEqualTo(
            new QuartzConfig.Acquisition(
                500, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1)));
    assertThat(conf.quartz().checkInPeriod()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void everyKeyIsMapped() throws IOException {
    Sections conf =
        sections(
            """
            node:
              name: node-1
              drainDelay: PT7S
            metrics:
              jmx: false
              jmxDomain: jobs.metrics
            http:
              host: 127.0.0.1
              port: 9090
              maxBodySize: 1048576
              adminToken: ${ADMIN_TOKEN}
              readToken: ${READ_TOKEN}
            database:
              url: jdbc:postgresql://db:5432/jobs
              user: jobs
              password: ${DB_PASSWORD}
              poolSize: 30
              connectionTimeout: PT3S
              embedded:
                port: 5544
                dataDirectory: /var/lib/scheduler/pg
                database: jobs_db
            quartz:
              threads: 4
              checkInInterval: PT2S
              misfireThreshold: PT10S
              shutdownTimeout: PT5S
              batchSize: 3
              idleWait: PT0.5S
              fireAheadWindow: PT0.05S
              backlogWait: PT0.2S
            """,
            Map.of(
                "DB_PASSWORD",
                "s3cret",
                "ADMIN_TOKEN",
                "admin-0123456789abcdef",
                "READ_TOKEN",
                "read-0123456789abcdef"));

    assertThat(conf.node()).isEqualTo(new NodeConfig("node-1", Duration.ofSeconds(7)));
    assertThat(conf.metrics()).isEqualTo(new MetricsConfig(false, "jobs.metrics"));
    assertThat(conf.http())
        .isEqualTo(
            new HttpConfig(
                "127.0.0.1",
                9090,
                1048576,
                Optional.of("admin-0123456789abcdef"),
                Optional.of("read-0123456789abcdef")));
    assertThat(conf.http().toString()).doesNotContain("0123456789abcdef");
    assertThat(conf.http().effectiveHost()).isEqualTo("127.0.0.1");
    assertThat(conf.database())
        .isEqualTo(
            new DatabaseConfig(
                Optional.of("jdbc:postgresql://db:5432/jobs"),
                "jobs",
                Optional.of("s3cret"),
                30,
                Duration.ofSeconds(3),
                new DatabaseConfig.Embedded(5544, Path.of("/var/lib/scheduler/pg"), "jobs_db")));
    assertThat(conf.quartz())
        .isEqualTo(
            new QuartzConfig(
                4,
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                new QuartzConfig.Acquisition(
                    3, Duration.ofMillis(500), Duration.ofMillis(50), Duration.ofMillis(200))));
    assertThat(conf.quartz().checkInPeriod()).isEqualTo(Duration.ofSeconds(2).dividedBy(3));
  }

  @Test
  void queuesAreMappedWithTheirDefaults() throws IOException {
    Sections conf =
        sections(
            """
            database:
              poolSize: 30
            queues:
              default: {}
              hooks:
                concurrency: 8
                lease: PT2M
                handlerTimeout: PT90S
                handlerTimeouts:
                  report.render: PT2M
                maxAttempts: 10
                pollInterval: PT0.1S
                maxPayloadSize: 4096
                batch:
                  min: 5
                  max: 200
                  maxBytes: 1048576
                  targetDuration: PT2S
                backoff:
                  initial: PT5S
                  max: PT1H
                  jitterPercent: 10
                webhook:
                  url: https://example.test/hook
                  timeout: PT3S
                retention:
                  acked: P1D
                  dead: P90D
                limits:
                  report.render: {concurrency: 2, rate: 600/m}
                  mail: {rate: 0.5/s, burst: 5}
                  sms: {concurrency: 1}
            """,
            Map.of());

    assertThat(conf.queues().queue("default")).contains(QueueConfig.defaults("default"));
    assertThat(conf.queues().queue("hooks"))
        .contains(
            new QueueConfig(
                "hooks",
                8,
                new QueueConfig.Batch(5, 200, 1_048_576, Duration.ofSeconds(2)),
                Duration.ofMinutes(2),
                10,
                new QueueConfig.RetryBackoff(Duration.ofSeconds(5), Duration.ofHours(1), 10),
                Duration.ofMillis(100),
                4096,
                new QueueConfig.Webhook(
                    Optional.of(java.net.URI.create("https://example.test/hook")),
                    Duration.ofSeconds(3),
                    false),
                new QueueConfig.Retention(Duration.ofDays(1), Duration.ofDays(90)),
                new QueueConfig.HandlerTimeouts(
                    Duration.ofSeconds(90), Map.of("report.render", Duration.ofMinutes(2))),
                Map.of(
                    "report.render",
                    new QueueConfig.Limit(OptionalInt.of(2), OptionalDouble.of(10), 10),
                    "mail",
                    new QueueConfig.Limit(OptionalInt.empty(), OptionalDouble.of(0.5), 5),
                    "sms",
                    QueueConfig.Limit.concurrency(1))));
  }

  @Test
  void badLimitsAreReportedWithTheirLines() {
    assertThatThrownBy(
            () ->
                sections(
                    """
                    queues:
                      q:
                        limits:
                          a: {concurrency: 0}
                          b: {rate: fast}
                          c: {}
                          d: {concurency: 2}
                    """,
                    Map.of()))
        .isInstanceOfSatisfying(
            ConfException.class,
            e ->
                assertThat(e.errors().stream().map(ConfError::toString).toList())
                    .anySatisfy(
                        m ->
                            assertThat(m)
                                .contains(":4: queues.q.limits.a.concurrency: expected a whole"))
                    .anySatisfy(
                        m ->
                            assertThat(m)
                                .contains(
                                    ":5: queues.q.limits.b.rate: expected messages per second,"
                                        + " minute or hour such as 50/s"))
                    .anySatisfy(
                        m ->
                            assertThat(m)
                                .contains(
                                    ":6: queues.q.limits.c: give a concurrency, a rate or both"))
                    .anySatisfy(
                        m ->
                            assertThat(m)
                                .contains(
                                    ":7: unknown key 'queues.q.limits.d.concurency' (did you mean"
                                        + " 'concurrency'?)")));
  }

  @Test
  void logFormatComesFromTheFileUnlessTheEnvironmentSetsIt() throws IOException {
    assertThat(sections("", Map.of()).logging().format()).isEqualTo(LogFormat.TEXT);
    assertThat(sections("logging:\n  format: json\n", Map.of()).logging().format())
        .isEqualTo(LogFormat.JSON);
    assertThat(
            sections("logging:\n  format: json\n", Map.of(LogFormat.VARIABLE, "text"))
                .logging()
                .format())
        .isEqualTo(LogFormat.TEXT);
    assertThatThrownBy(() -> sections("logging:\n  format: xml\n", Map.of()))
        .isInstanceOfSatisfying(
            ConfException.class,
            e ->
                assertThat(e.errors().stream().map(ConfError::toString).toList())
                    .anySatisfy(
                        m ->
                            assertThat(m)
                                .contains(":2: logging.format: use text or json, got 'xml'")));
    assertThatThrownBy(() -> sections("", Map.of(LogFormat.VARIABLE, "yaml")))
        .isInstanceOfSatisfying(
            ConfException.class,
            e ->
                assertThat(e.errors().stream().map(ConfError::toString).toList())
                    .anySatisfy(
                        m -> assertThat(m).contains("SCHEDULER_LOG_FORMAT: use text or json")));
  }

  @Test
  void theEffectiveConfigurationIsLoggedWithEverySecretMasked() throws IOException {
    ConfSections conf =
        node(
            """
            http:
              adminToken: admin-token-0123456789
              readToken: read-token-0123456789
            database:
              url: jdbc:postgresql://db:5432/jobs?user=app&password=url-password-1
              password: ${DB_PASSWORD}
              poolSize: 30
            queues:
              hooks:
                webhook:
                  url: https://hook-user:hook-secret@hooks.example.com/in
            """,
            Map.of("DB_PASSWORD", "env-password-2"));
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("effective-conf");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
        new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    logger.addAppender(lines);

    conf.log(logger);

    String logged =
        String.join(
            "\n",
            lines.list.stream()
                .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .toList());
    assertThat(logged)
        .contains(
            "node: ", "http: ", "database: ", "quartz: ", "queues: ", "metrics: ", "logging: ")
        .contains("hooks=QueueConfig[")
        .contains("pool size 30", "https://****@hooks.example.com/in", "password=****")
        .doesNotContain(
            "admin-token-0123456789",
            "read-token-0123456789",
            "url-password-1",
            "env-password-2",
            "hook-secret");
  }

  @Test
  void queueErrorsNameTheKey() {
    assertThatThrownBy(
            () ->
                sections(
                    """
                    queues:
                      Bad_Name: {}
                      q:
                        lease: PT1S
                        batch:
                          min: 50
                          max: 10
                        webhook:
                          url: ftp://x
                        concurency: 3
                      r:
                        webhook:
                          batch: true
                    """,
                    Map.of()))
        .isInstanceOfSatisfying(
            ConfException.class,
            e ->
                assertThat(e.errors().stream().map(ConfError::toString).toList())
                    .anySatisfy(m -> assertThat(m).contains(":2: queues.Bad_Name: queue names are"))
                    .anySatisfy(
                        m ->
                            assertThat(m)
                                .contains(":4: queues.q.lease (PT1S) must be at least twice"))
                    .anySatisfy(
                        m -> assertThat(m).contains(":6: queues.q.batch.min (50) is more than"))
                    .anySatisfy(
                        m -> assertThat(m).contains(":9: queues.q.webhook.url: expected an http"))
                    .anySatisfy(
                        m ->
                            assertThat(m)
                                .contains(
                                    ":10: unknown key 'queues.q.concurency' (did you mean 'concurrency'?)"))
                    .anySatisfy(
                        m ->
                            assertThat(m)
                                .contains(
                                    ":13: queues.r.webhook.batch needs queues.r.webhook.url")));
  }

  @Test
  void tokensMustBeLongEnoughAndComeInPairs() {
    assertThatThrownBy(() -> sections("http:\n  adminToken: short\n", Map.of()))
        .isInstanceOf(ConfException.class)
        .hasMessageContaining("at least 16 characters");
    assertThatThrownBy(() -> sections("http:\n  readToken: read-0123456789abcdef\n", Map.of()))
        .isInstanceOf(ConfException.class)
        .hasMessageContaining("readToken is set but adminToken is not");
    assertThatThrownBy(
            () ->
                sections(
                    "http:\n  adminToken: ${T}\n  readToken: ${T}\n",
                    Map.of("T", "same-0123456789abcdef")))
        .isInstanceOf(ConfException.class)
        .hasMessageContaining("scheduler.yaml:3")
        .hasMessageContaining("readToken equals adminToken");
  }

  @Test
  void environmentUrlWinsOverTheFile() throws IOException {
    Sections conf =
        sections(
            "database:\n  url: jdbc:postgresql://file/db\n",
            Map.of("SCHEDULER_DATABASE_URL", "jdbc:postgresql://env/db"));
    assertThat(conf.database().jdbcUrl()).isEqualTo("jdbc:postgresql://env/db");
    assertThat(conf.database().isEmbedded()).isFalse();
  }

  @Test
  void defaultsApplyWhenTheVariableIsUnset() throws IOException {
    Sections conf = sections("http:\n  port: ${PORT:-8181}\n", Map.of());
    assertThat(conf.http().port()).isEqualTo(8181);
  }

  @Test
  void thePasswordNeverShowsInTheDescription() throws IOException {
    Sections conf =
        sections(
            "database:\n  url: jdbc:postgresql://db/x?password=hunter2\n  password: hunter2\n",
            Map.of());
    assertThat(conf.database().describe()).doesNotContain("hunter2").contains("****");
  }

  @Test
  void everyErrorIsReportedWithItsLineAndAHint() throws IOException {
    assertThatThrownBy(
            () ->
                node(
                    """
                    http:
                      port: eighty
                    database:
                      url: mysql://nope
                      poolSize: 5
                      passwrd: x
                    quartz:
                      threads: 10
                      checkInInterval: 5s
                    metrix: {}
                    secret: ${UNSET_SECRET}
                    """,
                    Map.of()))
        .isInstanceOfSatisfying(
            ConfException.class,
            e ->
                assertThat(e.errors().stream().map(ConfError::toString).toList())
                    .anySatisfy(m -> assertThat(m).contains(":2: http.port: expected a whole"))
                    .anySatisfy(m -> assertThat(m).contains(":4: database.url"))
                    .anySatisfy(
                        m ->
                            assertThat(m)
                                .contains(":5: database.poolSize (5) must be at least quartz"))
                    .anySatisfy(
                        m ->
                            assertThat(m)
                                .contains(
                                    ":6: unknown key 'database.passwrd' (did you mean"
                                        + " 'password'?)"))
                    .anySatisfy(
                        m -> assertThat(m).contains(":9: quartz.checkInInterval: expected an ISO"))
                    .anySatisfy(m -> assertThat(m).contains(":10: unknown key 'metrix'"))
                    .anySatisfy(m -> assertThat(m).contains(":11: unknown key 'secret'")));
  }

  @Test
  void anUnsetVariableWithoutDefaultIsAnErrorNamingIt() throws IOException {
    assertThatThrownBy(() -> sections("database:\n  password: ${DB_PASSWORD}\n", Map.of()))
        .isInstanceOf(ConfException.class)
        .hasMessageContaining(":2: database.password: environment variable DB_PASSWORD is not set");
  }

  @Test
  void aMissingFileIsAnError() {
    assertThatThrownBy(
            () ->
                NodeModules.modules(
                    ConfSections.read(
                        directory.resolve("scheduler.yaml"), new EnvSubstitution(Map.of())),
                    new EnvSubstitution(Map.of())))
        .isInstanceOf(ConfException.class)
        .hasMessageContaining("scheduler.yaml: file not found");
  }

  @Test
  void duplicateKeysAreErrors() throws IOException {
    assertThatThrownBy(() -> sections("http:\n  port: 1\n  port: 2\n", Map.of()))
        .isInstanceOf(ConfException.class)
        .hasMessageContaining(":3: http.port is given twice (first on line 2)");
  }

  /** Each section read by its capability's own reader; the file may hold no other section. */
  record Sections(
      NodeConfig node,
      HttpConfig http,
      DatabaseConfig database,
      QuartzConfig quartz,
      QueuesConfig queues,
      MetricsConfig metrics,
      LoggingConfig logging) {}

  private Sections sections(String yaml, Map<String, String> env) throws IOException {
    ConfSections conf = read(yaml, env);
    Sections sections =
        new Sections(
            conf.section("node", NodeConfig::from),
            conf.section("http", HttpConfig::from),
            conf.section("database", DatabaseConfig::from),
            conf.section("quartz", QuartzConfig::from),
            conf.section("queues", QueuesConfigReader::read),
            conf.section("metrics", MetricsConfig::from),
            conf.section("logging", LoggingConfig::from));
    conf.finish();
    return sections;
  }

  /** The whole file as a node reads it: its modules, and the rule across sections. */
  private ConfSections node(String yaml, Map<String, String> env) throws IOException {
    ConfSections conf = read(yaml, env);
    NodeModules.modules(conf, new EnvSubstitution(env));
    return conf;
  }

  private ConfSections read(String yaml, Map<String, String> env) throws IOException {
    Files.writeString(directory.resolve("scheduler.yaml"), yaml);
    return ConfSections.read(directory.resolve("scheduler.yaml"), new EnvSubstitution(env));
  }
}
