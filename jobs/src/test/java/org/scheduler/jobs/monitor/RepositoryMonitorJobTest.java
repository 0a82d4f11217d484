package org.scheduler.jobs.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.JobExecutionException;
import org.scheduler.api.JobParams;
import org.scheduler.api.ParamsCheck;
import org.scheduler.db.testing.PostgresExtension;
import org.scheduler.jobs.queue.QueueConfig;
import org.scheduler.jobs.queue.QueueEnqueuer;
import org.scheduler.jobs.queue.QueuesConfig;

class RepositoryMonitorJobTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();

  private final QueuesConfig queues =
      new QueuesConfig(Map.of("events", QueueConfig.defaults("events")));
  private final ParamsCheck rules = new RepositoryMonitorJobType.ParamsRules(queues);

  @Test
  void paramsAreCheckedWithMessagesNamingThem() {
    List<String> errors = new ArrayList<>();
    rules.check(
        new JobParams(
            Map.of(
                "apiUrl", "ftp://example",
                "tokenEnv", "ghp_looks_like_a_token-value",
                "repositories", List.of("acme/web", "not-a-repo"),
                "queue", "nope",
                "events", List.of("pull_request.opened", "pull_request.deleted"),
                "initialSync", "loud",
                "mode", "sideways")),
        errors::add);

    assertThat(errors)
        .anySatisfy(e -> assertThat(e).startsWith("params.apiUrl: expected an http or https URL"))
        .anySatisfy(
            e -> assertThat(e).contains("params.tokenEnv: the name of an environment variable"))
        .anySatisfy(e -> assertThat(e).contains("'not-a-repo' is not owner/name"))
        .anySatisfy(e -> assertThat(e).contains("params.queue: unknown queue 'nope'"))
        .anySatisfy(e -> assertThat(e).contains("unknown event 'pull_request.deleted'"))
        .anySatisfy(e -> assertThat(e).contains("params.initialSync: silent or emit"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .isEqualTo("params.mode: incremental, full or dryRun, got 'sideways'"));
    assertThat(errors.toString()).doesNotContain("ghp_looks_like_a_token-value");
  }

  @Test
  void aMissingTokenVariableIsNamedWithoutGuessing() {
    JobParams params =
        new JobParams(
            Map.of(
                "apiUrl", "https://ghe.example/api/v3",
                "tokenEnv", "GHE_TOKEN",
                "repositories", List.of("acme/web"),
                "queue", "events",
                "events", List.of("pull_request.opened"),
                "initialSync", "silent"));

    assertThatThrownBy(
            () -> RepositoryMonitorJob.settings("monitor", params, name -> Optional.empty()))
        .isInstanceOf(JobExecutionException.class)
        .hasMessage("environment variable GHE_TOKEN (params.tokenEnv) is not set on this node");
  }

  @Test
  void closedPullRequestsArePrunedAfterTheRetention() throws Exception {
    postgres.execute(
        "INSERT INTO pull_requests (job, api_url, repository, number, title, state, merged,"
            + " updated_at, closed_at) VALUES"
            + " ('j', 'a', 'o/r', 1, 't', 'closed', false, now(), now() - interval '40 days'),"
            + " ('j', 'a', 'o/r', 2, 't', 'closed', true, now(), now() - interval '2 days'),"
            + " ('j', 'a', 'o/r', 3, 't', 'open', false, now() - interval '90 days', NULL)");
    PullRequestPruner pruner =
        new PullRequestPruner(
            new PullRequestStore(
                postgres.dataSource(), new QueueEnqueuer(postgres.dataSource(), queues)));

    assertThat(pruner.deleteBatch(Duration.ofDays(30), 100)).isEqualTo(1);
    try (Connection connection = postgres.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet resultSet =
            statement.executeQuery(
                "SELECT string_agg(number::text, ',' ORDER BY number) FROM pull_requests")) {
      resultSet.next();
      assertThat(resultSet.getString(1)).isEqualTo("2,3");
    }
  }
}
