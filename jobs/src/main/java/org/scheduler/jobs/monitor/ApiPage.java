package org.scheduler.jobs.monitor;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One answer of a list endpoint (pull requests, an owner's repositories): its items (none on a
 * 304), the next page, the validator for conditional requests, and what the server said about its
 * rate limit.
 */
record ApiPage<T>(
    int status,
    List<T> items,
    Optional<URI> next,
    Optional<String> etag,
    OptionalLong rateLimitRemaining,
    Optional<Instant> rateLimitReset,
    Optional<Duration> retryAfter) {

  public boolean notModified() {
    return status == 304;
  }

  /** True when the server refused for rate limiting (403 or 429 with a limit or Retry-After). */
  public boolean rateLimited() {
    return (status == 429 || status == 403)
        && (retryAfter.isPresent() || rateLimitRemaining.orElse(1) == 0);
  }

  /** True when this answer used the last request the budget allowed. */
  public boolean budgetExhausted() {
    return rateLimitRemaining.orElse(1) == 0;
  }
}
