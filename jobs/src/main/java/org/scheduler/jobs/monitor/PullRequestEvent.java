package org.scheduler.jobs.monitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The changes of a pull request that become messages. */
enum PullRequestEvent {
  OPENED("pull_request.opened"),
  SYNCHRONIZED("pull_request.synchronized"),
  CLOSED("pull_request.closed"),
  MERGED("pull_request.merged"),
  REOPENED("pull_request.reopened");

  private final String eventName;

  PullRequestEvent(String eventName) {
    this.eventName = eventName;
  }

  public String eventName() {
    return eventName;
  }

  public static Optional<PullRequestEvent> fromName(String name) {
    return Arrays.stream(values()).filter(event -> event.eventName.equals(name)).findFirst();
  }

  /**
   * What happened between the last seen state ({@code before}, empty for a pull request never seen)
   * and {@code after}, in the order it happened.
   */
  public static List<PullRequestEvent> between(Optional<PullRequest> before, PullRequest after) {
    List<PullRequestEvent> events = new ArrayList<>();
    if (before.isEmpty()) {
      events.add(OPENED);
      if (!after.open()) {
        events.add(after.merged() ? MERGED : CLOSED);
      }
      return events;
    }
    PullRequest old = before.get();
    if (!old.open() && after.open()) {
      events.add(REOPENED);
    }
    if (after.headSha().isPresent()
        && !after.headSha().equals(old.headSha())
        && (after.open() || old.open())) {
      events.add(SYNCHRONIZED);
    }
    if (old.open() && !after.open()) {
      events.add(after.merged() ? MERGED : CLOSED);
    } else if (!old.open() && !after.open() && !old.merged() && after.merged()) {
      events.add(MERGED);
    }
    return events;
  }
}
