package org.scheduler.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  private static final Pattern SAMPLE = Pattern.compile("([a-z_:][a-z0-9_:]*(\\{[^}]*})?) (\\S+)");
  static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  @Test
  void queueJobAndRepositoryNamesBecomeLabelsOfOneFamily() {
    MetricRegistry registry = new MetricRegistry();
    registry.meter("queue.work.processed").mark(3);
    registry.meter("queue.mail.processed").mark(5);
    registry.gauge("queue.work.batch-size", () -> (Gauge<Integer>) () -> 40);
    registry.timer("queue.work.batch").update(250, TimeUnit.MILLISECONDS);
    registry.timer("job.nightly.cleanup.run").update(2, TimeUnit.SECONDS);
    registry.meter("job.tick.failures").mark();
    registry.counter("repository-monitor.acme/app.js.api-calls.2xx").inc(7);
    registry.counter("repository-monitor.acme/app.js.api-calls.304").inc(2);
    registry.gauge(
        "repository-monitor.acme/app.js.rate-limit-remaining", () -> (Gauge<Long>) () -> 4990L);
    registry.gauge("jvm.memory.heap.used", () -> (Gauge<Long>) () -> 1024L);
    registry.gauge("queue-limit.mail.eu/report.render.claimed", () -> (Gauge<Long>) () -> 2L);
    registry.histogram("scheduler.pool.Usage").update(12);
    registry.gauge("build.version", () -> (Gauge<String>) () -> "not a number");

    Map<String, Double> samples = samples(PrometheusText.write(registry));

    assertThat(samples)
        .containsEntry("queue_processed_total{queue=\"work\"}", 3.0)
        .containsEntry("queue_processed_total{queue=\"mail\"}", 5.0)
        .containsEntry("queue_batch_size{queue=\"work\"}", 40.0)
        .containsEntry("queue_batch_seconds_count{queue=\"work\"}", 1.0)
        .containsEntry("job_run_seconds_count{job=\"nightly.cleanup\"}", 1.0)
        .containsEntry("job_failures_total{job=\"tick\"}", 1.0)
        .containsEntry(
            "repository_monitor_api_calls_total{repository=\"acme/app.js\",status=\"2xx\"}", 7.0)
        .containsEntry(
            "repository_monitor_api_calls_total{repository=\"acme/app.js\",status=\"304\"}", 2.0)
        .containsEntry(
            "repository_monitor_rate_limit_remaining{repository=\"acme/app.js\"}", 4990.0)
        .containsEntry("jvm_memory_heap_used", 1024.0)
        .containsEntry("queue_limit_claimed{queue=\"mail.eu\",type=\"report.render\"}", 2.0)
        .containsEntry("scheduler_pool_usage_count", 1.0);
    assertThat(samples.get("job_run_seconds{job=\"nightly.cleanup\",quantile=\"0.5\"}"))
        .isEqualTo(2.0);
    assertThat(samples.get("queue_batch_seconds{queue=\"work\",quantile=\"0.99\"}"))
        .isEqualTo(0.25);
    assertThat(samples.keySet())
        .as("no made-up sums, no names with a queue or job in them, no text gauges")
        .noneMatch(name -> name.contains("_sum"))
        .noneMatch(name -> name.startsWith("queue_work") || name.startsWith("job_tick"))
        .noneMatch(name -> name.startsWith("build_version"));
  }

  @Test
  void theOutputPassesPromtool() throws Exception {
    assumeThat(Files.isExecutable(PROMTOOL)).as("promtool (Debian's prometheus package)").isTrue();
    MetricRegistry registry = new MetricRegistry();
    registry.meter("queue.work.processed").mark(3);
    registry.timer("job.tick.run").update(2, TimeUnit.SECONDS);
    registry.counter("repository-monitor.acme/app.api-calls.2xx").inc();
    registry.histogram("scheduler.pool.Usage").update(12);
    registry.gauge("jvm.threads.count", () -> (Gauge<Integer>) () -> 20);
    registry.gauge("queue-limit.mail/report.render.tokens", () -> (Gauge<Double>) () -> 3.5);

    assertThat(promtool(PrometheusText.write(registry))).isEmpty();
  }

  /** What {@code promtool check metrics} says about {@code text}; empty when it finds nothing. */
  static String promtool(String text) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(PROMTOOL.toString(), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    return exit == 0 ? said.strip() : "exit " + exit + ": " + said;
  }

  static Map<String, Double> samples(String text) {
    Map<String, Double> samples = new HashMap<>();
    for (String line : text.lines().toList()) {
      if (line.startsWith("#") || line.isBlank()) {
        assertThat(line).matches("(# (HELP|TYPE) [a-z_:][a-z0-9_:]* .+)?");
        continue;
      }
      Matcher matcher = SAMPLE.matcher(line);
      assertThat(matcher.matches()).as(line).isTrue();
      samples.put(
          matcher.group(1), Double.parseDouble(matcher.group(3).replace("Inf", "Infinity")));
    }
    return samples;
  }
}
