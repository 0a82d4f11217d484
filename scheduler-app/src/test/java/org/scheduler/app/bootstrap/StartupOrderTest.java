package org.scheduler.app.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scheduler.app.conf.yaml.EnvSubstitution;
import org.scheduler.app.testing.TestConf;
import org.scheduler.db.testing.PostgresExtension;

class StartupOrderTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();

  @TempDir Path conf;

  @Test
  void anInvalidJobsYamlStopsTheNodeBeforeAnyHttpClientStartsAThread() {
    TestConf.write(
        conf,
        postgres.jdbcUrl(),
        0,
        "node",
        "jobs:\n  - name: bad\n    type: no-such-type\n    every: PT1S\n",
        "queues:\n  hooks:\n    webhook:\n      url: http://127.0.0.1:9/\n");
    Set<Long> before = httpClientThreads();

    assertThatThrownBy(() -> Node.assemble(conf, new EnvSubstitution(Map.of())).start().close())
        .hasMessageContaining("jobs.yaml");

    assertThat(httpClientThreads()).isSubsetOf(before);
  }

  /** The JDK's HTTP clients name their selector threads HttpClient-N-SelectorManager. */
  private static Set<Long> httpClientThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith("HttpClient-"))
        .map(Thread::getId)
        .collect(Collectors.toSet());
  }
}
