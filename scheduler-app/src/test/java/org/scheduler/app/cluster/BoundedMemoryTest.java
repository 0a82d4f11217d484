package org.scheduler.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import javax.management.JMX;
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

/**
 * A node with a 256 MB heap and 10,000 jobs drains a million 1 KB messages, then 5,000 of 200 KB:
 * claims are bounded by payload bytes as well as by count, so memory holds, and the heap returns to
 * its level before the drain. The node exits on OutOfMemoryError, so running out shows as death.
 */
@Tag("memory")
class BoundedMemoryTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path work;

  @Test
  void aSmallHeapDrainsLargeBacklogsAndGivesTheMemoryBack() throws Exception {
    int httpPort = NodeProcess.freePort();
    int jmxPort = NodeProcess.freePort();
    StringBuilder jobs = new StringBuilder("jobs:\n");
    for (int i = 0; i < 10_000; i++) {
      jobs.append("  - name: yearly-").append(i).append("\n    type: noop\n    every: PT8760H\n");
    }
    Path conf =
        TestConf.write(
            work.resolve("conf"),
            postgres.jdbcUrl(),
            httpPort,
            "small",
            jobs.toString(),
            "queues:\n  bulk:\n    concurrency: 4\n    pollInterval: PT0.05S\n");
    try (NodeProcess node =
        NodeProcess.start(
            "small",
            conf,
            httpPort,
            work,
            work.resolve("node.log"),
            java.util.stream.Stream.concat(
                    java.util.stream.Stream.of("-XX:+ExitOnOutOfMemoryError"),
                    NodeProcess.remoteJmx(jmxPort).stream())
                .toList())) {
      await("ready with 10,000 jobs")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .until(node::isReady);
      assertThat(postgres.queryLong("SELECT count(*) FROM qrtz_triggers")).isEqualTo(10_000);

      JMXServiceURL url =
          new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
      try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
        MemoryMXBean memory =
            JMX.newMXBeanProxy(
                connector.getMBeanServerConnection(),
                new ObjectName(ManagementFactory.MEMORY_MXBEAN_NAME),
                MemoryMXBean.class);
        long before = heapAfterGc(memory);

        drain(node, 1_000_000, 1_000);
        drain(node, 5_000, 200_000);

        long after = heapAfterGc(memory);
        assertThat(after)
            .as("heap after the drain (%d MB before)", before >> 20)
            .isLessThan(before + (32L << 20));
      }
      assertThat(postgres.queryLong("SELECT count(*) FROM queue_dead")).isZero();
      assertThat(node.log()).doesNotContain("OutOfMemoryError");
    } finally {
      postgres.execute("TRUNCATE queue_messages, queue_history");
    }
  }

  /** Puts {@code count} messages of {@code bytes} on the queue at once, then waits them out. */
  private static void drain(NodeProcess node, int count, int bytes) {
    postgres.execute(
        "INSERT INTO queue_messages (queue, type, payload, state, payload_bytes)"
            + " SELECT 'bulk', 'parse', jsonb_build_object('fill', repeat('x', "
            + (bytes - 12)
            + ")), 'ready', "
            + bytes
            + " FROM generate_series(1, "
            + count
            + ")");
    await(count + " messages of " + bytes + " bytes drained")
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              assertThat(node.isAlive()).as("node alive").isTrue();
              return postgres.queryLong("SELECT count(*) FROM queue_messages") == 0;
            });
  }

  private static long heapAfterGc(MemoryMXBean memory) {
    memory.gc();
    memory.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
