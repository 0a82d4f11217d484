package org.scheduler.jobs.queue.handlers;

import org.scheduler.api.Message;
import org.scheduler.api.MessageHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code log} message type: writes the message to the log and acks it. */
final class LogHandler implements MessageHandler {
  public static final String TYPE = "log";
  private static final Logger log = LoggerFactory.getLogger(LogHandler.class);

  @Override
  public void handle(Message message) {
    log.info("{}: {}", message, message.payload());
  }
}
