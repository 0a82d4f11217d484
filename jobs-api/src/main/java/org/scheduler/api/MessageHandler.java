package org.scheduler.api;

/**
 * User code that acts on messages of one type. Returning acks the message; {@link
 * RetryLaterException} or any other exception retries it with backoff until its attempts run out;
 * {@link PermanentFailureException} dead-letters it at once. Register one with {@link
 * MessageHandlerBinder}. Delivery is at least once: a handler must tolerate seeing a message twice.
 */
public interface MessageHandler {
  void handle(Message message) throws Exception;
}
