package org.scheduler.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scheduler.app.testing.NodeProcess;
import org.scheduler.app.testing.TestConf;
import org.scheduler.db.testing.PostgresExtension;

/** A node in its own JVM, its metrics read over remote JMX and from /metrics. */
@Tag("cluster")
class MetricsExportTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path work;

  // a sample line: name, optional labels, value

  @Test
  void queueAndJobMetricsAgreeBetweenJmxAndPrometheusText() throws Exception {
    postgres.execute("CREATE TABLE IF NOT EXISTS handled (id BIGINT NOT NULL, node TEXT NOT NULL)");
    int httpPort = NodeProcess.freePort();
    int jmxPort = NodeProcess.freePort();
    Path conf =
        TestConf.write(
            work.resolve("conf"),
            postgres.jdbcUrl(),
            httpPort,
            "metrics",
            "jobs:\n  - name: tick\n    type: noop\n    every: PT1S\n",
            "queues:\n  work:\n    concurrency: 2\n    pollInterval: PT0.05S\n");
    try (NodeProcess node =
        NodeProcess.start(
            "metrics",
            conf,
            httpPort,
            work,
            work.resolve("node.log"),
            NodeProcess.remoteJmx(jmxPort))) {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(node::isReady);
      StringBuilder messages = new StringBuilder("[");
      for (int i = 0; i < 50; i++) {
        messages.append(i == 0 ? "" : ",").append("{\"type\":\"record\",\"payload\":{}}");
      }
      assertThat(node.http().post("/api/queues/work/messages", messages + "]").status())
          .isEqualTo(201);

      JMXServiceURL url =
          new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
      try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
        MBeanServerConnection jmx = connector.getMBeanServerConnection();
        ObjectName processed = new ObjectName("scheduler:type=meters,name=queue.work.processed");
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> ((Number) jmx.getAttribute(processed, "Count")).longValue() == 50);
        ObjectName runs = new ObjectName("scheduler:type=timers,name=job.tick.run");
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    jmx.isRegistered(runs)
                        && ((Number) jmx.getAttribute(runs, "Count")).longValue() >= 2);
        assertThat(jmx.queryNames(new ObjectName("quartz:type=QuartzScheduler,*"), null))
            .isNotEmpty();
        assertThat(jmx.queryNames(new ObjectName("scheduler:name=scheduler.pool.*,*"), null))
            .isNotEmpty();

        String text = scrape(httpPort);
        Map<String, Double> samples = PrometheusTextTest.samples(text);
        assertThat(samples.get("queue_processed_total{queue=\"work\"}")).isEqualTo(50.0);
        double jmxBatchSize =
            ((Number)
                    jmx.getAttribute(
                        new ObjectName("scheduler:type=gauges,name=queue.work.batch-size"),
                        "Value"))
                .doubleValue();
        assertThat(samples.get("queue_batch_size{queue=\"work\"}")).isEqualTo(jmxBatchSize);
        long jmxRuns = ((Number) jmx.getAttribute(runs, "Count")).longValue();
        assertThat(samples.get("job_run_seconds_count{job=\"tick\"}"))
            .isBetween((double) jmxRuns, jmxRuns + 3.0);
        assertThat(samples).containsKey("jvm_memory_heap_used");
        if (Files.isExecutable(PrometheusTextTest.PROMTOOL)) {
          assertThat(PrometheusTextTest.promtool(text)).isEmpty();
        }
      }
    }
  }

  /** The text of /metrics, after checking how it is served. */
  private static String scrape(int port) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
    return response.body();
  }
}
