package org.scheduler.jobs.monitor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.scheduler.api.NewMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls each repository's pull requests, newest first, and stops at the first one older than the
 * repository's cursor. The first page is asked for conditionally (a 304 costs no rate limit). When
 * the rate-limit budget runs out the run stops early, keeps the cursor, and later runs wait for the
 * reset. The cursor moves only when a walk completed, so nothing between it and the newest pull
 * request is ever skipped. Changes become queue messages in the same transaction as the stored
 * state.
 */
final class RepositoryMonitor {
  private static final Logger log = LoggerFactory.getLogger(RepositoryMonitor.class);
  private static final ObjectMapper json = new ObjectMapper();

  private final PullRequestClient client;
  private final PullRequestStore store;
  private final MonitorMetrics metrics;
  private final Clock clock;
  private final OwnerRepositories owners;

  @Inject
  public RepositoryMonitor(
      PullRequestClient client, PullRequestStore store, MonitorMetrics metrics, Clock clock) {
    this.client = requireNonNull(client, "client is null");
    this.store = requireNonNull(store, "store is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.owners = new OwnerRepositories(client, store);
  }

  /**
   * Polls the repositories, up to {@code maxConcurrentRepositories} at once, so that a slow or
   * failing one does not hold the others back. Once one finds the rate-limit budget spent, those
   * not yet started are skipped (the budget is the token's, shared by all).
   */
  public RunReport run(MonitorSettings settings) throws InterruptedException {
    OwnerRepositories.Expansion expansion = owners.expand(settings);
    List<String> repositories = expansion.repositories();
    AtomicReference<Optional<Instant>> budgetBlocked = new AtomicReference<>(Optional.empty());
    int threads = Math.max(1, Math.min(settings.maxConcurrentRepositories(), repositories.size()));
    AtomicInteger created = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            runnable -> {
              Thread thread =
                  new Thread(
                      runnable,
                      "repository-monitor-" + settings.job() + "-" + created.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<RunReport.Entry>> entries = new ArrayList<>(repositories.size());
      for (String repository : repositories) {
        entries.add(pool.submit(() -> poll(settings, repository, budgetBlocked)));
      }
      RunReport report = new RunReport();
      expansion.problems().forEach(report::add);
      for (Future<RunReport.Entry> entry : entries) {
        try {
          report.add(entry.get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof InterruptedException interrupted) {
            throw interrupted;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
      return report;
    } finally {
      pool.shutdownNow();
    }
  }

  private RunReport.Entry poll(
      MonitorSettings settings, String repository, AtomicReference<Optional<Instant>> budgetBlocked)
      throws InterruptedException {
    Optional<Instant> blocked = budgetBlocked.get();
    if (blocked.isPresent()) {
      return RunReport.Entry.skipped(repository, "skipped: rate limit until " + blocked.get());
    }
    Poll poll = new Poll(settings, repository);
    try {
      poll.run();
    } catch (ApiException | SQLException | RuntimeException e) {
      poll.error = Optional.of(String.valueOf(e.getMessage()));
      log.warn("Repository {} at {}: {}", repository, settings.apiKey(), e.getMessage());
      saveQuietly(settings, repository, poll);
    }
    poll.blockedUntil.ifPresent(until -> budgetBlocked.set(Optional.of(until)));
    return new RunReport.Entry(
        repository,
        poll.calls,
        poll.notModified,
        poll.seen,
        poll.discovered,
        poll.changed,
        poll.stopped,
        poll.error,
        poll.wouldSend);
  }

  private void saveQuietly(MonitorSettings settings, String repository, Poll poll) {
    try {
      RepositoryState state = store.state(settings.job(), settings.apiKey(), repository);
      store.saveState(settings.job(), settings.apiKey(), repository, state, poll.error);
    } catch (SQLException e) {
      log.warn("Could not record the failure of {}: {}", repository, e.getMessage());
    }
  }

  /** One repository's part of a run. */
  private final class Poll {
    private final MonitorSettings settings;
    private final String repository;
    private int calls;
    private int notModified;
    private int seen;
    private int discovered;
    private int changed;
    private final List<String> wouldSend = new ArrayList<>();
    private Optional<String> stopped = Optional.empty();
    private Optional<String> error = Optional.empty();
    private Optional<Instant> blockedUntil = Optional.empty();

    Poll(MonitorSettings settings, String repository) {
      this.settings = settings;
      this.repository = repository;
    }

    void run() throws ApiException, SQLException, InterruptedException {
      String api = settings.apiKey();
      RepositoryState state = store.state(settings.job(), api, repository);
      Instant now = clock.instant();
      if (state.blockedUntil().filter(until -> until.isAfter(now)).isPresent()) {
        stopped = Optional.of("rate limited until " + state.blockedUntil().get());
        return;
      }
      URI url =
          URI.create(
              api
                  + "/repos/"
                  + repository
                  + "/pulls?state=all&sort=updated&direction=desc&per_page=100");
      List<PullRequest> collected = new ArrayList<>();
      // a full walk reads every page, so that what the stored state lost is found again
      boolean full = settings.mode() == MonitorMode.FULL;
      Optional<String> etag = state.etag();
      boolean complete = false;
      boolean firstPage = true;
      while (true) {
        ApiPage<PullRequest> page =
            client.fetch(
                url,
                firstPage && !full ? state.etag() : Optional.empty(),
                settings.token(),
                status -> {
                  calls++;
                  notModified += status == 304 ? 1 : 0;
                  metrics.apiCall(repository, status);
                });
        page.rateLimitRemaining().ifPresent(value -> metrics.rateLimitRemaining(repository, value));
        if (page.rateLimited()) {
          blockedUntil = Optional.of(resumeAt(page));
          stopped = Optional.of("rate limited until " + blockedUntil.get() + "; resumes then");
          break;
        }
        if (page.notModified()) {
          complete = true;
          break;
        }
        if (firstPage) {
          etag = page.etag();
        }
        boolean reachedCursor = false;
        for (PullRequest item : page.items()) {
          if (!full
              && state.cursor().filter(cursor -> item.updatedAt().isBefore(cursor)).isPresent()) {
            reachedCursor = true;
            break;
          }
          collected.add(item);
        }
        if (reachedCursor || page.next().isEmpty()) {
          complete = true;
          if (page.budgetExhausted()) {
            blockedUntil = page.rateLimitReset();
          }
          break;
        }
        if (page.budgetExhausted()) {
          blockedUntil = Optional.of(resumeAt(page));
          stopped = Optional.of("rate-limit budget used up; resumes after " + blockedUntil.get());
          break;
        }
        URI next = page.next().get();
        if (!sameOrigin(next, settings.apiUrl())) {
          throw new ApiException(
              repository
                  + ": next-page link leads to another host ("
                  + next.getHost()
                  + "); not followed");
        }
        url = next;
        firstPage = false;
      }
      seen = collected.size();
      record(api, state, collected);
      if (settings.mode() == MonitorMode.DRY_RUN) {
        return; // the cursor stays, so the next real run sends what this one listed
      }
      RepositoryState saved =
          complete
              ? new RepositoryState(newestOf(state.cursor(), collected), etag, blockedUntil)
              : new RepositoryState(state.cursor(), state.etag(), blockedUntil);
      store.saveState(settings.job(), api, repository, saved, Optional.empty());
    }

    private void record(String api, RepositoryState state, List<PullRequest> collected)
        throws SQLException {
      boolean silent = state.cursor().isEmpty() && !settings.emitInitialSync();
      Map<Integer, PullRequest> newest = new LinkedHashMap<>();
      collected.forEach(
          item ->
              newest.merge(
                  item.number(), item, (a, b) -> a.updatedAt().isAfter(b.updatedAt()) ? a : b));
      List<PullRequest> oldestFirst = new ArrayList<>(newest.values());
      oldestFirst.sort(
          Comparator.comparing(PullRequest::updatedAt).thenComparingInt(PullRequest::number));
      boolean dryRun = settings.mode() == MonitorMode.DRY_RUN;
      for (PullRequest item : oldestFirst) {
        List<NewMessage> produced = new ArrayList<>();
        PullRequestStore.Outcome outcome =
            store.record(
                settings.job(),
                api,
                repository,
                item,
                settings.queue(),
                before -> {
                  List<NewMessage> made = silent ? List.of() : messages(before, item);
                  produced.addAll(made);
                  return made;
                },
                dryRun);
        if (dryRun) {
          produced.forEach(message -> wouldSend.add(describe(message, item)));
        }
        discovered += outcome.discovered() ? 1 : 0;
        changed += outcome.messages();
      }
      metrics.discovered(repository, discovered);
      metrics.changed(repository, changed);
    }

    private List<NewMessage> messages(Optional<PullRequest> before, PullRequest after) {
      List<NewMessage> messages = new ArrayList<>();
      String oldState = before.map(PullRequest::stateName).orElse(null);
      for (PullRequestEvent event : PullRequestEvent.between(before, after)) {
        if (!settings.events().contains(event)) {
          continue;
        }
        ObjectNode payload = json.createObjectNode();
        payload.put("event", event.eventName());
        payload.put("repository", repository);
        payload.put("number", after.number());
        payload.put("title", after.title());
        payload.put("url", after.url().orElse(null));
        payload.put("author", after.author().orElse(null));
        payload.put("oldState", oldState);
        payload.put("newState", after.stateName());
        payload.put("headSha", after.headSha().orElse(null));
        payload.put("updatedAt", after.updatedAt().toString());
        messages.add(
            NewMessage.of(settings.messageType().orElse(event.eventName()), payload.toString())
                .withDedupeKey(dedupeKey(event, after)));
      }
      return messages;
    }

    /** A dry run's line for a message it did not send: the event and the pull request. */
    private String describe(NewMessage message, PullRequest item) {
      String event;
      try {
        event = json.readTree(message.payload()).path("event").asText(message.type());
      } catch (JsonProcessingException e) {
        event = message.type();
      }
      return event + " #" + item.number();
    }

    /**
     * One key per change and job: the same change seen twice makes one message, and two jobs
     * sending to one queue each send theirs.
     */
    private String dedupeKey(PullRequestEvent event, PullRequest after) {
      String marker =
          switch (event) {
            case OPENED, MERGED -> "";
            case SYNCHRONIZED -> after.headSha().orElse("");
            case CLOSED ->
                after.closedAt().map(Instant::toString).orElse(after.updatedAt().toString());
            case REOPENED -> after.updatedAt().toString();
          };
      return "pr:"
          + settings.job()
          + ":"
          + settings.apiUrl().getHost()
          + "/"
          + repository
          + "#"
          + after.number()
          + ":"
          + event.eventName()
          + ":"
          + marker;
    }

    private Instant resumeAt(ApiPage<?> page) {
      Instant now = clock.instant();
      return page.retryAfter().map(now::plus).or(page::rateLimitReset).orElse(now.plusSeconds(60));
    }
  }

  private static Optional<Instant> newestOf(Optional<Instant> cursor, List<PullRequest> items) {
    Optional<Instant> newest =
        items.stream().map(PullRequest::updatedAt).max(Comparator.naturalOrder());
    if (cursor.isEmpty()) {
      return newest.or(() -> Optional.of(Instant.EPOCH));
    }
    return newest.filter(value -> value.isAfter(cursor.get())).or(() -> cursor);
  }

  private static boolean sameOrigin(URI next, URI api) {
    return next.getScheme() != null
        && next.getScheme().equalsIgnoreCase(api.getScheme())
        && next.getHost() != null
        && next.getHost().equalsIgnoreCase(api.getHost())
        && next.getPort() == api.getPort();
  }
}
