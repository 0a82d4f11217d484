package org.scheduler.jobs.monitor;

import java.time.Instant;
import java.util.Optional;

/** Where the last poll of a repository left off. */
record RepositoryState(
    Optional<Instant> cursor, Optional<String> etag, Optional<Instant> blockedUntil) {
  public static RepositoryState initial() {
    return new RepositoryState(Optional.empty(), Optional.empty(), Optional.empty());
  }
}
