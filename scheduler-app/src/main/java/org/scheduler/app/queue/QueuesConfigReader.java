package org.scheduler.app.queue;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.scheduler.app.conf.yaml.ConfMapping;
import org.scheduler.jobs.queue.QueueConfig;
import org.scheduler.jobs.queue.QueueNames;
import org.scheduler.jobs.queue.QueuesConfig;

/** Reads {@code queues} of scheduler.yaml: a mapping from queue name to its settings. */
public final class QueuesConfigReader {
  private QueuesConfigReader() {}

  public static QueuesConfig read(ConfMapping conf) {
    Map<String, QueueConfig> queues = new LinkedHashMap<>();
    for (String name : conf.keys()) {
      ConfMapping queue = conf.mapping(name);
      if (!QueueNames.isValidQueue(name)) {
        conf.errors()
            .add(conf.line(name), conf.name(name) + ": queue names are " + QueueNames.queueRule());
      }
      queues.put(name, read(name, queue));
    }
    conf.finish();
    return new QueuesConfig(queues);
  }

  private static QueueConfig read(String name, ConfMapping conf) {
    QueueConfig defaults = QueueConfig.defaults(name);
    ConfMapping batch = conf.mapping("batch");
    ConfMapping backoff = conf.mapping("backoff");
    ConfMapping webhook = conf.mapping("webhook");
    ConfMapping retention = conf.mapping("retention");
    int batchMin = batch.integer("min", defaults.batch().min(), 1, 10_000);
    int batchMax = batch.integer("max", defaults.batch().max(), 1, 10_000);
    Duration target =
        batch.duration(
            "targetDuration",
            defaults.batch().targetDuration(),
            Duration.ofMillis(10),
            Duration.ofHours(1));
    Duration lease =
        conf.duration("lease", defaults.lease(), Duration.ofSeconds(1), Duration.ofHours(12));
    Duration backoffInitial =
        backoff.duration(
            "initial", defaults.backoff().initial(), Duration.ZERO, Duration.ofDays(1));
    Duration backoffMax =
        backoff.duration("max", defaults.backoff().max(), Duration.ZERO, Duration.ofDays(7));
    QueueConfig config =
        new QueueConfig(
            name,
            conf.integer("concurrency", defaults.concurrency(), 0, 256),
            new QueueConfig.Batch(
                batchMin,
                batchMax,
                batch.integer(
                    "maxBytes", (int) defaults.batch().maxBytes(), 64 * 1024, Integer.MAX_VALUE),
                target),
            lease,
            conf.integer("maxAttempts", defaults.maxAttempts(), 1, 1000),
            new QueueConfig.RetryBackoff(
                backoffInitial,
                backoffMax,
                backoff.integer("jitterPercent", defaults.backoff().jitterPercent(), 0, 100)),
            conf.duration(
                "pollInterval",
                defaults.pollInterval(),
                Duration.ofMillis(10),
                Duration.ofMinutes(1)),
            conf.integer("maxPayloadSize", defaults.maxPayloadBytes(), 2, 64 * 1024 * 1024),
            webhook(webhook, defaults.webhook()),
            new QueueConfig.Retention(
                retention.duration(
                    "acked",
                    defaults.retention().acked(),
                    Duration.ofMinutes(1),
                    Duration.ofDays(3650)),
                retention.duration(
                    "dead",
                    defaults.retention().dead(),
                    Duration.ofMinutes(1),
                    Duration.ofDays(3650))),
            timeouts(conf, lease));
    if (batchMin > batchMax) {
      conf.errors()
          .add(
              batch.line("min"),
              batch.name("min")
                  + " ("
                  + batchMin
                  + ") is more than "
                  + batch.name("max")
                  + " ("
                  + batchMax
                  + ")");
    }
    if (target.compareTo(lease.dividedBy(2)) > 0) {
      conf.errors()
          .add(
              conf.line("lease"),
              conf.name("lease")
                  + " ("
                  + lease
                  + ") must be at least twice "
                  + batch.name("targetDuration")
                  + " ("
                  + target
                  + "), or batches would lose their lease");
    }
    if (backoffInitial.compareTo(backoffMax) > 0) {
      conf.errors()
          .add(
              backoff.line("initial"),
              backoff.name("initial") + " is longer than " + backoff.name("max"));
    }
    batch.finish();
    backoff.finish();
    webhook.finish();
    retention.finish();
    conf.finish();
    return config;
  }

  /**
   * {@code handlerTimeout} (default half the lease) and {@code handlerTimeouts} per message type;
   * each at most the lease, since a claim held past its lease may be running on another node too.
   */
  private static QueueConfig.HandlerTimeouts timeouts(ConfMapping conf, Duration lease) {
    Duration handler =
        conf.duration(
            "handlerTimeout", lease.dividedBy(2), Duration.ofMillis(10), Duration.ofHours(12));
    atMostTheLease(conf, "handlerTimeout", handler, lease);
    ConfMapping byTypeConf = conf.mapping("handlerTimeouts");
    Map<String, Duration> byType = new LinkedHashMap<>();
    for (String type : byTypeConf.keys()) {
      if (!QueueNames.isValidType(type)) {
        byTypeConf
            .errors()
            .add(byTypeConf.line(type), byTypeConf.name(type) + ": " + QueueNames.typeRule());
      }
      Duration timeout =
          byTypeConf.duration(type, handler, Duration.ofMillis(10), Duration.ofHours(12));
      atMostTheLease(byTypeConf, type, timeout, lease);
      byType.put(type, timeout);
    }
    byTypeConf.finish();
    return new QueueConfig.HandlerTimeouts(handler, byType);
  }

  private static void atMostTheLease(
      ConfMapping conf, String key, Duration timeout, Duration lease) {
    if (timeout.compareTo(lease) > 0) {
      conf.errors()
          .add(
              conf.line(key),
              conf.name(key)
                  + " ("
                  + timeout
                  + ") must be at most the lease ("
                  + lease
                  + "); raise the lease for handlers that take this long");
    }
  }

  private static QueueConfig.Webhook webhook(ConfMapping webhook, QueueConfig.Webhook defaults) {
    Optional<URI> url = url(webhook);
    Duration timeout =
        webhook.duration(
            "timeout", defaults.timeout(), Duration.ofMillis(100), Duration.ofMinutes(10));
    boolean batch = webhook.bool("batch", false);
    if (batch && url.isEmpty()) {
      webhook
          .errors()
          .add(
              webhook.line("batch"),
              webhook.name("batch")
                  + " needs "
                  + webhook.name("url")
                  + ": a batch goes to one receiver, not to each message's own url");
      batch = false;
    }
    return new QueueConfig.Webhook(url, timeout, batch);
  }

  private static Optional<URI> url(ConfMapping webhook) {
    Optional<String> text = webhook.string("url");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI url = URI.create(text.get());
      if (("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
          && url.getHost() != null) {
        return Optional.of(url);
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    webhook
        .errors()
        .add(
            webhook.line("url"),
            webhook.name("url") + ": expected an http or https URL, got '" + text.get() + "'");
    return Optional.empty();
  }
}
