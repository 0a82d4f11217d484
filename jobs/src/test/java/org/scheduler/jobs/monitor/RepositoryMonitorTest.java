package org.scheduler.jobs.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.codahale.metrics.MetricRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.scheduler.db.testing.MutableClock;
import org.scheduler.db.testing.PostgresExtension;
import org.scheduler.jobs.http.LazyHttpClient;
import org.scheduler.jobs.queue.QueueConfig;
import org.scheduler.jobs.queue.QueueEnqueuer;
import org.scheduler.jobs.queue.QueuesConfig;
import org.slf4j.LoggerFactory;

/** The monitor against a local server that answers like the GitHub REST API, on PostgreSQL. */
class RepositoryMonitorTest {
  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();

  private static final String TOKEN = "ghp_TOPSECRET_do_not_log_123";
  private final QueuesConfig queues =
      new QueuesConfig(
          Map.of(
              "events", QueueConfig.defaults("events"),
              "qa", QueueConfig.defaults("qa"),
              "qb", QueueConfig.defaults("qb")));
  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
  private FakeGitHub github;
  private int maxConcurrentRepositories = 4;

  @BeforeEach
  void start() throws Exception {
    postgres.execute(
        "TRUNCATE queue_messages, monitored_repositories, pull_requests, monitored_owners");
    github = new FakeGitHub();
  }

  @AfterEach
  void stop() {
    github.close();
  }

  @Test
  void followsPagesOnlyUntilItemsAreOlderThanTheCursor() throws Exception {
    github.pageSize = 2;
    for (int number = 1; number <= 6; number++) {
      github.open("acme/web", number, "pr " + number, "sha" + number);
    }

    RunReport first = monitor().run(settings(false, "acme/web"));
    assertThat(first.entries().get(0).apiCalls()).isEqualTo(3);
    assertThat(first.entries().get(0).discovered()).isEqualTo(6);
    assertThat(events()).isEmpty(); // initial sync is silent

    github.push("acme/web", 2, "sha2b");
    github.requests.clear();
    RunReport second = monitor().run(settings(false, "acme/web"));

    // page 1: the pushed #2 and #6 (as new as the cursor, so read again); page 2 starts with #5,
    // older than the cursor: the walk stops there and page 3 is never asked for
    assertThat(second.entries().get(0).apiCalls()).isEqualTo(2);
    assertThat(github.requests).hasSize(2);
    assertThat(events()).containsExactly("pull_request.synchronized #2");
  }

  @Test
  void aNotModifiedAnswerChangesNothing() throws Exception {
    github.open("acme/web", 1, "one", "a");
    monitor().run(settings(false, "acme/web"));
    long budget = github.remaining.get();
    github.requests.clear();

    RunReport again = monitor().run(settings(false, "acme/web"));

    assertThat(github.requests)
        .singleElement()
        .satisfies(request -> assertThat(request.headers()).containsKey("if-none-match"));
    assertThat(again.entries().get(0).changed()).isZero();
    assertThat(github.remaining.get()).isEqualTo(budget);
    assertThat(events()).isEmpty();
  }

  @Test
  void stopsWhenTheBudgetRunsOutAndResumesAfterTheReset() throws Exception {
    github.pageSize = 2;
    for (int number = 1; number <= 6; number++) {
      github.open("acme/web", number, "pr " + number, "sha" + number);
    }
    github.remaining.set(2);
    github.reset = clock.instant().plusSeconds(600);
    // one at a time, so that which repository meets the empty budget is known
    maxConcurrentRepositories = 1;

    RunReport stopped = monitor().run(settings(true, "acme/web", "acme/api"));
    assertThat(stopped.hasErrors()).isFalse();
    assertThat(stopped.entries().get(0).stopped())
        .hasValueSatisfying(reason -> assertThat(reason).contains("resumes"));
    assertThat(stopped.entries().get(1).stopped())
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("skipped: rate limit"));
    assertThat(github.requests).hasSize(2);

    github.requests.clear();
    RunReport early = monitor().run(settings(true, "acme/web"));
    assertThat(early.entries().get(0).apiCalls()).isZero();
    assertThat(github.requests).isEmpty();

    clock.set(github.reset.plusSeconds(1));
    github.remaining.set(5000);
    RunReport resumed = monitor().run(settings(true, "acme/web"));
    assertThat(resumed.entries().get(0).stopped()).isEmpty();
    assertThat(events())
        .hasSize(6)
        .allSatisfy(event -> assertThat(event).startsWith("pull_request.opened"));
  }

  @Test
  void honoursRetryAfter() throws Exception {
    github.open("acme/web", 1, "one", "a");
    github.script("acme/web", 429, "{\"message\":\"slow down\"}", Map.of("Retry-After", "30"));

    RunReport refused = monitor().run(settings(true, "acme/web"));
    assertThat(refused.entries().get(0).stopped())
        .hasValueSatisfying(reason -> assertThat(reason).contains("2026-06-01T00:00:30Z"));

    clock.set(clock.instant().plusSeconds(10));
    assertThat(monitor().run(settings(true, "acme/web")).entries().get(0).apiCalls()).isZero();

    clock.set(clock.instant().plusSeconds(30));
    monitor().run(settings(true, "acme/web"));
    assertThat(events()).containsExactly("pull_request.opened #1");
  }

  @Test
  void retriesAServerErrorWithinTheRun() throws Exception {
    github.open("acme/web", 1, "one", "a");
    github.script("acme/web", 500, "oops", Map.of());

    RunReport report = monitor().run(settings(true, "acme/web"));

    assertThat(report.hasErrors()).isFalse();
    assertThat(report.entries().get(0).apiCalls()).isEqualTo(2);
    assertThat(events()).containsExactly("pull_request.opened #1");
  }

  @Test
  void aMalformedAnswerFailsOnlyItsRepository() throws Exception {
    github.open("acme/web", 1, "one", "a");
    github.open("acme/api", 7, "seven", "b");
    github.script("acme/web", 200, "[{\"number\": 1, \"title\": ", Map.of());

    RunReport report = monitor().run(settings(true, "acme/web", "acme/api"));

    assertThat(report.entries().get(0).error())
        .hasValueSatisfying(error -> assertThat(error).contains("malformed JSON"));
    assertThat(report.entries().get(1).error()).isEmpty();
    assertThat(events()).containsExactly("pull_request.opened #7");
    assertThat(query("SELECT last_error FROM monitored_repositories WHERE repository = 'acme/web'"))
        .contains("malformed JSON");

    github.script("acme/web", 200, "{\"not\": \"a list\"}", Map.of());
    assertThat(monitor().run(settings(true, "acme/web")).toString())
        .contains("expected a JSON array");
  }

  @Test
  void aPullRequestsLifeBecomesExactlyTheExpectedMessagesInOrder() throws Exception {
    monitor().run(settings(false, "acme/web")); // silent initial sync of an empty repository
    github.open("acme/web", 5, "feature", "s1");
    monitor().run(settings(false, "acme/web"));
    github.push("acme/web", 5, "s2");
    monitor().run(settings(false, "acme/web"));
    monitor().run(settings(false, "acme/web")); // nothing new
    github.close("acme/web", 5);
    monitor().run(settings(false, "acme/web"));
    github.reopen("acme/web", 5);
    monitor().run(settings(false, "acme/web"));
    github.merge("acme/web", 5);
    monitor().run(settings(false, "acme/web"));

    assertThat(events())
        .containsExactly(
            "pull_request.opened #5",
            "pull_request.synchronized #5",
            "pull_request.closed #5",
            "pull_request.reopened #5",
            "pull_request.merged #5");
    assertThat(
            query(
                "SELECT payload->>'oldState' || '->' || (payload->>'newState') FROM queue_messages ORDER BY id DESC LIMIT 1"))
        .isEqualTo("open->merged");
    assertThat(query("SELECT payload->>'url' FROM queue_messages ORDER BY id LIMIT 1"))
        .isEqualTo("https://github.example/acme/web/pull/5");
  }

  @Test
  void twoJobsOnOneRepositoryEachReportEveryChange() throws Exception {
    RepositoryMonitor monitor = monitor();
    Runnable both =
        () -> {
          try {
            monitor.run(settings("qa-watch", "qa", false, "acme/web"));
            monitor.run(settings("qb-watch", "qb", false, "acme/web"));
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        };
    both.run(); // silent initial syncs
    github.open("acme/web", 5, "feature", "s1");
    both.run();
    github.push("acme/web", 5, "s2");
    both.run();
    github.close("acme/web", 5);
    both.run();
    github.reopen("acme/web", 5);
    both.run();
    github.merge("acme/web", 5);
    both.run();

    List<String> story =
        List.of(
            "pull_request.opened #5",
            "pull_request.synchronized #5",
            "pull_request.closed #5",
            "pull_request.reopened #5",
            "pull_request.merged #5");
    assertThat(events("qa")).isEqualTo(story);
    assertThat(events("qb")).isEqualTo(story);
    assertThat(query("SELECT count(DISTINCT job) FROM pull_requests")).isEqualTo("2");
  }

  @Test
  void stateFromBeforeStateWasPerJobIsAdoptedByTheFirstJobAndForgottenWithRemovedJobs()
      throws Exception {
    github.open("acme/web", 1, "one", "a");
    monitor().run(settings("old", "events", false, "acme/web"));
    // as the migration leaves rows written before state was kept per job
    postgres.execute("UPDATE monitored_repositories SET job = ''");
    postgres.execute("UPDATE pull_requests SET job = ''");

    github.push("acme/web", 1, "b");
    monitor().run(settings("adopter", "qa", false, "acme/web"));
    monitor().run(settings("newcomer", "qb", true, "acme/web"));

    assertThat(events("qa"))
        .as("the adopter knew #1 and reports only its push")
        .containsExactly("pull_request.synchronized #1");
    assertThat(events("qb"))
        .as("a job without state of its own starts afresh")
        .containsExactly("pull_request.opened #1");
    assertThat(query("SELECT count(*) FROM monitored_repositories WHERE job = ''")).isEqualTo("0");

    PullRequestStore store =
        new PullRequestStore(
            postgres.dataSource(), new QueueEnqueuer(postgres.dataSource(), queues));
    new MonitorJobState(store).retainOnly(Set.of("adopter"));

    assertThat(query("SELECT string_agg(DISTINCT job, ',') FROM monitored_repositories"))
        .isEqualTo("adopter");
    assertThat(query("SELECT string_agg(DISTINCT job, ',') FROM pull_requests"))
        .isEqualTo("adopter");
  }

  @Test
  void aFullWalkAfterLostStateReportsExactlyWhatWasLost() throws Exception {
    github.pageSize = 5;
    for (int number = 1; number <= 20; number++) {
      github.open("acme/web", number, "pr " + number, "sha" + number);
    }
    monitor().run(settings(false, "acme/web")); // silent initial sync
    postgres.execute("DELETE FROM pull_requests WHERE number % 2 = 0");
    monitor().run(settings(false, "acme/web"));
    assertThat(events()).as("an incremental run stops at the cursor (a 304 here)").isEmpty();
    github.requests.clear();

    RunReport full = monitor().run(settings(MonitorMode.FULL, "acme/web"));

    assertThat(events())
        .containsExactlyInAnyOrder(
            "pull_request.opened #2",
            "pull_request.opened #4",
            "pull_request.opened #6",
            "pull_request.opened #8",
            "pull_request.opened #10",
            "pull_request.opened #12",
            "pull_request.opened #14",
            "pull_request.opened #16",
            "pull_request.opened #18",
            "pull_request.opened #20");
    assertThat(full.entries().get(0).apiCalls()).as("every page, once").isEqualTo(4);
    assertThat(github.requests)
        .allSatisfy(request -> assertThat(request.headers()).doesNotContainKey("if-none-match"));
    monitor().run(settings(false, "acme/web"));
    assertThat(events()).hasSize(10);
  }

  @Test
  void aDryRunSendsNothingStoresNothingAndListsWhatItWouldSend() throws Exception {
    monitor().run(settings(false, "acme/web")); // silent initial sync of an empty repository
    github.open("acme/web", 5, "feature", "s1");
    github.open("acme/web", 6, "fix", "s2");

    RunReport dry = monitor().run(settings(MonitorMode.DRY_RUN, "acme/web"));

    assertThat(events()).isEmpty();
    assertThat(dry.toString())
        .contains("would send: pull_request.opened #5, pull_request.opened #6");
    assertThat(query("SELECT count(*) FROM pull_requests")).isEqualTo("0");

    monitor().run(settings(false, "acme/web"));
    assertThat(events()).containsExactly("pull_request.opened #5", "pull_request.opened #6");
  }

  @Test
  void aSlowRepositoryDoesNotHoldBackTheOthers() throws Exception {
    List<String> repositories = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      repositories.add("acme/repo" + i);
      github.open("acme/repo" + i, 1, "one", "a");
    }
    CountDownLatch slow = new CountDownLatch(1);
    github.held.put("acme/repo7", slow);
    maxConcurrentRepositories = 8;
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try {
      Future<RunReport> run =
          runner.submit(() -> monitor().run(settings(true, repositories.toArray(String[]::new))));

      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  postgres.queryLong(
                          "SELECT count(*) FROM monitored_repositories WHERE last_error IS NULL")
                      == 199);
      assertThat(run.isDone()).as("the slow repository is still being asked").isFalse();
      assertThat(
              query("SELECT count(*) FROM monitored_repositories WHERE repository = 'acme/repo7'"))
          .isEqualTo("0");
      slow.countDown();

      RunReport report = run.get(30, TimeUnit.SECONDS);
      assertThat(report.entries()).hasSize(200);
      assertThat(report.entries().stream().map(RunReport.Entry::repository).toList())
          .as("in the order of the params")
          .isEqualTo(repositories);
      assertThat(report.hasErrors()).isFalse();
      assertThat(events()).hasSize(200);
      assertThat(report.entries().get(0).toString())
          .isEqualTo("acme/repo0: 1 call(s), 1 pull request(s) seen, 1 discovered, 1 change(s)");
    } finally {
      github.held.remove("acme/repo7");
      slow.countDown();
      runner.shutdownNow();
    }
  }

  @Test
  void anOwnerWideWatchPicksUpNewRepositoriesAndDropsArchivedOnes() throws Exception {
    github.open("acme/web", 1, "one", "a");
    github.open("acme/api", 2, "two", "b");
    github.open("other/lib", 3, "three", "c");

    RunReport first = monitor().run(settings(true, "acme/*"));
    assertThat(first.entries().stream().map(RunReport.Entry::repository))
        .containsExactly("acme/api", "acme/web");
    assertThat(events())
        .containsExactlyInAnyOrder("pull_request.opened #1", "pull_request.opened #2");

    github.createRepository("acme/new");
    github.open("acme/new", 4, "four", "d");
    github.archive("acme/api");
    github.open("acme/api", 5, "five", "e");
    RunReport second = monitor().run(settings(true, "acme/*"));

    assertThat(second.entries().stream().map(RunReport.Entry::repository))
        .containsExactly("acme/new", "acme/web");
    assertThat(events())
        .contains("pull_request.opened #4")
        .doesNotContain("pull_request.opened #5");

    github.requests.clear();
    monitor().run(settings(true, "acme/*"));
    assertThat(github.requests.get(0).path()).isEqualTo("/orgs/acme/repos");
    assertThat(github.requests.get(0).headers()).containsKey("if-none-match");
  }

  @Test
  void anUnknownOwnerIsReportedAndTheOtherRepositoriesArePolled() throws Exception {
    github.open("acme/web", 1, "one", "a");

    RunReport report = monitor().run(settings(true, "nobody/*", "acme/web"));

    assertThat(report.entries().get(0).repository()).isEqualTo("nobody/*");
    assertThat(report.entries().get(0).error())
        .hasValueSatisfying(error -> assertThat(error).contains("no organisation or user"));
    assertThat(events()).containsExactly("pull_request.opened #1");
  }

  @Test
  void theSameRunOnTwoNodesAtOnceSendsEachChangeOnce() throws Exception {
    for (int number = 1; number <= 30; number++) {
      github.open("acme/web", number, "pr " + number, "sha" + number);
    }
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      CyclicBarrier start = new CyclicBarrier(2);
      List<Callable<RunReport>> nodes = new ArrayList<>();
      for (int node = 0; node < 2; node++) {
        RepositoryMonitor monitor = monitor();
        nodes.add(
            () -> {
              start.await();
              return monitor.run(settings(true, "acme/web"));
            });
      }
      for (Future<RunReport> result : threads.invokeAll(nodes)) {
        assertThat(result.get().hasErrors()).isFalse();
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(events()).hasSize(30).doesNotHaveDuplicates();
  }

  @Test
  void theTokenIsSentButNeverLoggedOrRecorded() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try {
      github.open("acme/web", 1, "one", "a");
      github.script("acme/web", 401, "{\"message\":\"Bad credentials " + "\"}", Map.of());
      RunReport report = monitor().run(settings(true, "acme/web", "acme/gone/extra"));

      assertThat(github.requests.get(0).headers())
          .containsEntry("authorization", "Bearer " + TOKEN);
      assertThat(report.toString()).contains("answered 401").doesNotContain(TOKEN);
      assertThat(logs.list)
          .isNotEmpty()
          .allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain(TOKEN));
      assertThat(
              query("SELECT string_agg(coalesce(last_error, ''), ' ') FROM monitored_repositories"))
          .doesNotContain(TOKEN);
      assertThat(settings(true, "acme/web").toString()).doesNotContain(TOKEN);
    } finally {
      root.detachAppender(logs);
    }
  }

  private RepositoryMonitor monitor() {
    PullRequestClient client =
        new PullRequestClient(LazyHttpClient.create(), clock, Duration.ofMillis(10));
    PullRequestStore store =
        new PullRequestStore(
            postgres.dataSource(), new QueueEnqueuer(postgres.dataSource(), queues));
    return new RepositoryMonitor(client, store, new MonitorMetrics(new MetricRegistry()), clock);
  }

  private MonitorSettings settings(boolean emitInitialSync, String... repositories) {
    return settings("monitor", "events", emitInitialSync, repositories);
  }

  private MonitorSettings settings(
      String job, String queue, boolean emitInitialSync, String... repositories) {
    return settings(job, queue, MonitorMode.INCREMENTAL, emitInitialSync, repositories);
  }

  private MonitorSettings settings(MonitorMode mode, String... repositories) {
    return settings("monitor", "events", mode, false, repositories);
  }

  private MonitorSettings settings(
      String job, String queue, MonitorMode mode, boolean emitInitialSync, String... repositories) {
    return new MonitorSettings(
        job,
        github.url(),
        Optional.of(TOKEN),
        List.of(repositories),
        queue,
        EnumSet.allOf(PullRequestEvent.class),
        emitInitialSync,
        Optional.empty(),
        mode,
        maxConcurrentRepositories);
  }

  /** The queued events as "type #number", oldest first. */
  private static List<String> events() throws SQLException {
    return events("");
  }

  /** As above, of one queue; all queues when {@code queue} is empty. */
  private static List<String> events(String queue) throws SQLException {
    List<String> events = new ArrayList<>();
    try (Connection connection = postgres.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet resultSet =
            statement.executeQuery(
                "SELECT type, payload->>'number' FROM queue_messages"
                    + (queue.isEmpty() ? "" : " WHERE queue = '" + queue + "'")
                    + " ORDER BY id")) {
      while (resultSet.next()) {
        events.add(resultSet.getString(1) + " #" + resultSet.getString(2));
      }
    }
    return events;
  }

  private static String query(String sql) {
    return postgres.queryString(sql);
  }
}
