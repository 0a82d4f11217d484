package org.scheduler.jobs.monitor;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One repository-monitor job's params, resolved, and the job's name, which its state is kept under:
 * the token is read from the environment variable the conf names and is never shown ({@link
 * #toString()} leaves it out).
 */
record MonitorSettings(
    String job,
    URI apiUrl,
    Optional<String> token,
    List<String> repositories,
    String queue,
    Set<PullRequestEvent> events,
    boolean emitInitialSync,
    Optional<String> messageType,
    MonitorMode mode,
    int maxConcurrentRepositories) {
  public MonitorSettings {
    requireNonNull(job, "job is null");
    requireNonNull(apiUrl, "apiUrl is null");
    requireNonNull(token, "token is null");
    repositories = List.copyOf(repositories);
    requireNonNull(queue, "queue is null");
    events = Set.copyOf(events);
    requireNonNull(messageType, "messageType is null");
    requireNonNull(mode, "mode is null");
    if (maxConcurrentRepositories < 1) {
      throw new IllegalArgumentException("maxConcurrentRepositories must be at least 1");
    }
  }

  /** The API base without a trailing slash, as state rows are keyed. */
  public String apiKey() {
    String text = apiUrl.toString();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  @Override
  public String toString() {
    return "MonitorSettings[job="
        + job
        + ", apiUrl="
        + apiUrl
        + ", token="
        + (token.isPresent() ? "****" : "none")
        + ", repositories="
        + repositories
        + ", queue="
        + queue
        + ", mode="
        + mode.paramValue()
        + "]";
  }
}
