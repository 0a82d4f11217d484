package org.scheduler.jobs.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** A pull request as the list endpoint of a GitHub-compatible API describes it. */
record PullRequest(
    int number,
    String title,
    Optional<String> author,
    Optional<String> url,
    boolean open,
    boolean merged,
    Optional<String> headSha,
    Instant updatedAt,
    Optional<Instant> closedAt) {
  public PullRequest {
    requireNonNull(title, "title is null");
    requireNonNull(author, "author is null");
    requireNonNull(url, "url is null");
    requireNonNull(headSha, "headSha is null");
    requireNonNull(updatedAt, "updatedAt is null");
    requireNonNull(closedAt, "closedAt is null");
  }

  /** {@code open}, {@code closed} or {@code merged}, as messages report it. */
  public String stateName() {
    return open ? "open" : merged ? "merged" : "closed";
  }
}
