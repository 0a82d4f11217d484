package org.scheduler.app.bootstrap;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.scheduler.app.conf.ConfFiles;
import org.scheduler.app.conf.NodeConfig;
import org.scheduler.app.conf.yaml.ConfErrors;
import org.scheduler.app.conf.yaml.ConfMapping;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.scheduler.app.conf.yaml.YamlFile;
import org.scheduler.app.database.DatabaseConfig;
import org.scheduler.app.http.HttpConfig;
import org.scheduler.app.logging.LoggingConfig;
import org.scheduler.app.metrics.MetricsConfig;
import org.scheduler.app.quartz.QuartzConfig;
import org.scheduler.app.queue.QueuesConfigReader;
import org.scheduler.jobs.queue.QueueConfig;
import org.scheduler.jobs.queue.QueuesConfig;
import org.slf4j.Logger;

/** {@code conf/scheduler.yaml}: the node's settings, one typed section per capability. */
public record SchedulerConf(
    Path directory,
    NodeConfig node,
    HttpConfig http,
    DatabaseConfig database,
    QuartzConfig quartz,
    QueuesConfig queues,
    MetricsConfig metrics,
    LoggingConfig logging) {
  public static final String FILE_NAME = ConfFiles.SCHEDULER_FILE_NAME;

  // credentials inside URLs, masked in the logged configuration
  private static final Pattern URL_USER_INFO = Pattern.compile("//[^/@\\s,\\]]+@");
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&,\\]\\s]*");

  /** Connections that Quartz holds besides its worker threads: cluster manager, misfire handler. */
  private static final int QUARTZ_EXTRA_CONNECTIONS = 3;

  public SchedulerConf {
    requireNonNull(directory, "directory is null");
    requireNonNull(node, "node is null");
    requireNonNull(http, "http is null");
    requireNonNull(database, "database is null");
    requireNonNull(quartz, "quartz is null");
    requireNonNull(queues, "queues is null");
    requireNonNull(metrics, "metrics is null");
    requireNonNull(logging, "logging is null");
  }

  /** Reads and validates {@code scheduler.yaml}; throws with every error found. */
  public static SchedulerConf load(Path directory, EnvSubstitution env) {
    Path file = directory.resolve(FILE_NAME);
    ConfErrors errors = new ConfErrors(file.toString());
    ConfMapping root =
        YamlFile.read(file, errors)
            .map(node -> ConfMapping.of(node, "", errors, env))
            .orElseGet(() -> ConfMapping.empty("", errors, env));
    SchedulerConf conf = from(directory, root, env);
    errors.throwIfAny();
    return conf;
  }

  /** Every setting at its default, as with an empty scheduler.yaml. */
  public static SchedulerConf defaults(Path directory, EnvSubstitution env) {
    ConfErrors errors = new ConfErrors(directory.resolve(FILE_NAME).toString());
    SchedulerConf conf = from(directory, ConfMapping.empty("", errors, env), env);
    errors.throwIfAny();
    return conf;
  }

  private static SchedulerConf from(Path directory, ConfMapping root, EnvSubstitution env) {
    ConfMapping databaseConf = root.mapping("database");
    SchedulerConf conf =
        new SchedulerConf(
            directory,
            NodeConfig.from(root.mapping("node")),
            HttpConfig.from(root.mapping("http")),
            DatabaseConfig.from(databaseConf, env),
            QuartzConfig.from(root.mapping("quartz")),
            QueuesConfigReader.read(root.mapping("queues")),
            MetricsConfig.from(root.mapping("metrics")),
            LoggingConfig.from(root.mapping("logging"), env));
    root.finish();
    int neededConnections =
        conf.quartz().threads()
            + QUARTZ_EXTRA_CONNECTIONS
            + conf.queues().queues().values().stream().mapToInt(QueueConfig::concurrency).sum();
    if (conf.database().poolSize() < neededConnections) {
      root.errors()
          .add(
              databaseConf.line("poolSize"),
              "database.poolSize ("
                  + conf.database().poolSize()
                  + ") must be at least quartz.threads + "
                  + QUARTZ_EXTRA_CONNECTIONS
                  + " + the queues' concurrency ("
                  + neededConnections
                  + ")");
    }
    return conf;
  }

  public Path jobsFile() {
    return new ConfFiles(directory).jobsFile();
  }

  /**
   * Logs the effective configuration once, one line per section, every value as the node uses it
   * (defaults and environment included). Tokens and passwords are masked by their sections' {@code
   * toString}; credentials inside URLs (user info, {@code password=}) are masked here.
   */
  public void log(Logger log) {
    log.info("Effective configuration from {} (secrets masked):", directory.toAbsolutePath());
    Map<String, Object> sections = new LinkedHashMap<>();
    sections.put("node", node);
    sections.put("http", http);
    sections.put("database", database);
    sections.put("quartz", quartz);
    queues.queues().forEach((name, queue) -> sections.put("queues." + name, queue));
    sections.put("metrics", metrics);
    sections.put("logging", logging);
    sections.forEach((name, section) -> log.info("  {}: {}", name, masked(section.toString())));
  }

  static String masked(String text) {
    String withoutUserInfo = URL_USER_INFO.matcher(text).replaceAll("//****@");
    return PASSWORD_PARAMETER.matcher(withoutUserInfo).replaceAll("$1****");
  }
}
