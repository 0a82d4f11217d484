package org.scheduler.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A claimed message, as a handler sees it. */
public final class Message {
  private static final ObjectMapper json = new ObjectMapper();

  private final long id;
  private final String queue;
  private final String type;
  private final String payload;
  private final int priority;
  private final int attempt;
  private final Optional<Integer> maxAttempts;
  private final Instant enqueuedAt;
  private final LeaseExtender lease;

  /** The claim a message came in: its lease, and where its progress goes. */
  public interface LeaseExtender {
    /** Returns false when the claim is no longer ours (the lease expired and was taken). */
    boolean extend(Duration by);

    /**
     * Stores the message's progress (at most once a second) and renews the claim's lease; returns
     * false when the claim is no longer ours.
     */
    boolean progress(long messageId, Progress progress);
  }

  public Message(
      long id,
      String queue,
      String type,
      String payload,
      int priority,
      int attempt,
      Optional<Integer> maxAttempts,
      Instant enqueuedAt,
      LeaseExtender lease) {
    this.id = id;
    this.queue = requireNonNull(queue, "queue is null");
    this.type = requireNonNull(type, "type is null");
    this.payload = requireNonNull(payload, "payload is null");
    this.priority = priority;
    this.attempt = attempt;
    this.maxAttempts = requireNonNull(maxAttempts, "maxAttempts is null");
    this.enqueuedAt = requireNonNull(enqueuedAt, "enqueuedAt is null");
    this.lease = requireNonNull(lease, "lease is null");
  }

  public long id() {
    return id;
  }

  public String queue() {
    return queue;
  }

  public String type() {
    return type;
  }

  /** The payload as the JSON text it was stored as. */
  public String payload() {
    return payload;
  }

  public JsonNode payloadJson() {
    try {
      return json.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored payload is not JSON", e);
    }
  }

  public int priority() {
    return priority;
  }

  /** 1 on the first delivery. */
  public int attempt() {
    return attempt;
  }

  public Optional<Integer> maxAttempts() {
    return maxAttempts;
  }

  public Instant enqueuedAt() {
    return enqueuedAt;
  }

  /**
   * Keeps this message (and the rest of its claim) ours for {@code by} from now on the database
   * clock; for handlers that run longer than the queue's lease.
   */
  public boolean extendLease(Duration by) {
    return lease.extend(by);
  }

  /**
   * Reports how far the handler is with this message ({@code 0.7, "recording"}): shown by {@code
   * GET /api/queues/{queue}/messages?state=claimed}, and a heartbeat that renews the claim's lease
   * for the queue's lease from now. Written at most once a second; returns false when the claim is
   * no longer ours, and the handler had better stop.
   */
  public boolean reportProgress(double fraction, String step) {
    return lease.progress(id, new Progress(fraction, step));
  }

  @Override
  public String toString() {
    return "message " + id + " (" + queue + "/" + type + ", attempt " + attempt + ")";
  }
}
