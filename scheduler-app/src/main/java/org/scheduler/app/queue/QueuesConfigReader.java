package org.scheduler.app.queue;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.scheduler.app.conf.yaml.ConfMapping;
import org.scheduler.jobs.queue.QueueConfig;
import org.scheduler.jobs.queue.QueueNames;
import org.scheduler.jobs.queue.QueuesConfig;

/** Reads {@code queues} of scheduler.yaml: a mapping from queue name to its settings. */
public final class QueuesConfigReader {
  /** {@code rate: 50/s}: a count per second, minute or hour. */
  private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*/\\s*(s|m|h)");

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
            timeouts(conf, lease),
            limits(conf));
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

  /**
   * {@code limits.<type>: {concurrency: N, rate: 50/s, burst: N}}: cluster-wide limits of one
   * message type, each optional (a limit with neither is an error).
   */
  private static Map<String, QueueConfig.Limit> limits(ConfMapping conf) {
    ConfMapping limitsConf = conf.mapping("limits");
    Map<String, QueueConfig.Limit> limits = new LinkedHashMap<>();
    for (String type : limitsConf.keys()) {
      if (!QueueNames.isValidType(type)) {
        limitsConf
            .errors()
            .add(limitsConf.line(type), limitsConf.name(type) + ": " + QueueNames.typeRule());
      }
      ConfMapping limit = limitsConf.mapping(type);
      OptionalInt concurrency =
          limit.has("concurrency")
              ? OptionalInt.of(limit.integer("concurrency", 1, 1, 100_000))
              : OptionalInt.empty();
      OptionalDouble perSecond = rate(limit);
      double burst = perSecond.isPresent() ? Math.max(1, perSecond.getAsDouble()) : 1;
      if (limit.has("burst")) {
        burst = limit.integer("burst", (int) burst, 1, 1_000_000);
        if (perSecond.isEmpty()) {
          limit.errors().add(limit.line("burst"), limit.name("burst") + " needs a rate");
        }
      }
      if (!limit.has("concurrency") && !limit.has("rate") && !limit.has("burst")) {
        limitsConf
            .errors()
            .add(
                limitsConf.line(type),
                limitsConf.name(type) + ": give a concurrency, a rate or both");
      }
      limit.finish();
      limits.put(type, new QueueConfig.Limit(concurrency, perSecond, burst));
    }
    limitsConf.finish();
    return limits;
  }

  /** {@code rate: 50/s}, {@code 600/m} or {@code 10/h}, as messages per second. */
  private static OptionalDouble rate(ConfMapping limit) {
    Optional<String> text = limit.string("rate");
    if (text.isEmpty()) {
      return OptionalDouble.empty();
    }
    Matcher matcher = RATE.matcher(text.get());
    if (matcher.matches()) {
      double count = Double.parseDouble(matcher.group(1));
      double perSecond =
          switch (matcher.group(2)) {
            case "s" -> count;
            case "m" -> count / 60;
            default -> count / 3600;
          };
      if (perSecond > 0 && perSecond <= 1_000_000) {
        return OptionalDouble.of(perSecond);
      }
    }
    limit
        .errors()
        .add(
            limit.line("rate"),
            limit.name("rate")
                + ": expected messages per second, minute or hour such as 50/s, 600/m or 10/h"
                + " (more than 0, at most 1000000/s), got '"
                + text.get()
                + "'");
    return OptionalDouble.empty();
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
