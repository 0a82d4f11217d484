package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.UUID;
import org.scheduler.api.Message;

/** Messages claimed together under one lease token, and how long that lease lasts. */
record Claim(UUID token, List<Message> messages, Lease lease) {
  public Claim {
    requireNonNull(token, "token is null");
    messages = List.copyOf(messages);
    requireNonNull(lease, "lease is null");
  }

  public boolean isEmpty() {
    return messages.isEmpty();
  }

  public int size() {
    return messages.size();
  }
}
