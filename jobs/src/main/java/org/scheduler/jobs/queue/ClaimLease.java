package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.scheduler.api.Message;
import org.scheduler.api.Progress;
import org.scheduler.jobs.jdbc.ConnectionProblems;

/**
 * What a handler can do to its claim: extend the lease, and report a message's progress, which is
 * stored at most once a second per message and renews the lease for the queue's lease (a
 * heartbeat). Connection problems are repeated with backoff while the current lease lasts, as
 * settling is.
 */
final class ClaimLease implements Message.LeaseExtender {
  private static final long PROGRESS_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

  private final QueueStore store;
  private final UUID token;
  private final List<Message> messages;
  private final Lease lease;
  private final Duration leaseDuration;
  private final Map<Long, Long> progressWrittenAt = new ConcurrentHashMap<>();

  ClaimLease(
      QueueStore store, UUID token, List<Message> messages, Lease lease, Duration leaseDuration) {
    this.store = requireNonNull(store, "store is null");
    this.token = requireNonNull(token, "token is null");
    this.messages = requireNonNull(messages, "messages is null");
    this.lease = requireNonNull(lease, "lease is null");
    this.leaseDuration = requireNonNull(leaseDuration, "leaseDuration is null");
  }

  @Override
  public boolean extend(Duration by) {
    return repeated(by, ids -> store.extend(token, ids, by));
  }

  @Override
  public boolean progress(long messageId, Progress progress) {
    long now = System.nanoTime();
    Long last = progressWrittenAt.get(messageId);
    if (last != null && now - last < PROGRESS_EVERY_NANOS) {
      return !lease.expired();
    }
    progressWrittenAt.put(messageId, now);
    return repeated(
        leaseDuration, ids -> store.progress(token, ids, messageId, progress, leaseDuration));
  }

  private interface Renewal {
    Set<Long> run(List<Long> ids) throws SQLException;
  }

  /** True when every message of the claim is still held, and the lease renewed by {@code by}. */
  private boolean repeated(Duration by, Renewal renewal) {
    List<Long> ids = messages.stream().map(Message::id).toList();
    long pauseMillis = 50;
    while (true) {
      long sentAt = System.nanoTime();
      try {
        if (renewal.run(ids).size() != ids.size()) {
          return false;
        }
        lease.extendedAt(sentAt, by);
        return true;
      } catch (SQLException e) {
        if (!ConnectionProblems.isConnectionProblem(e)
            || lease.remaining().toMillis() <= pauseMillis) {
          return false;
        }
      }
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      pauseMillis = Math.min(1000, pauseMillis * 2);
    }
  }
}
