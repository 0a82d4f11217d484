package org.scheduler.api;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Puts messages on the queues configured in {@code scheduler.yaml}; inject it into a job or a
 * handler. A message is checked before anything is stored ({@link InvalidMessageException} names
 * the field); a message whose dedupe key is already pending on its queue is not stored again, and
 * its enqueue returns the pending message's id.
 */
public interface Enqueuer {
  /** The most messages one call may enqueue. */
  int MAX_BULK = 10_000;

  /** Enqueues one message; returns its id. */
  long enqueue(String queue, NewMessage message) throws SQLException;

  /** Enqueues up to {@value #MAX_BULK} messages in one round trip; their ids in input order. */
  List<Long> enqueueAll(String queue, List<NewMessage> messages) throws SQLException;

  /**
   * The same on the caller's connection, so that the messages are stored in the caller's
   * transaction: together with the state change they report, or not at all.
   */
  List<Long> enqueueAll(Connection connection, String queue, List<NewMessage> messages)
      throws SQLException;
}
