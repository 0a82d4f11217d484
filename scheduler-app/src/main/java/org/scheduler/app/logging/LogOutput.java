package org.scheduler.app.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Switches the console log between readable lines (logback.xml's appender) and one JSON object per
 * line (logback's own JSON encoder). The node's name goes into the logger context's properties, so
 * every JSON line carries it; job, queue and message id come from the MDC where they are known.
 */
public final class LogOutput {
  static final String JSON_APPENDER = "JSON";

  /** The logger context property that names the node in every JSON line. */
  public static final String NODE_PROPERTY = "node";

  private LogOutput() {}

  /** The configured appenders (logback.xml's text line) while JSON is in use. */
  private static final List<Appender<ILoggingEvent>> setAside = new ArrayList<>();

  /** Uses {@code format} from now on; does nothing if logback is not the SLF4J binding. */
  public static synchronized void use(LogFormat format) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Appender<ILoggingEvent> json = root.getAppender(JSON_APPENDER);
    if (format == LogFormat.JSON && json == null) {
      root.addAppender(jsonAppender(context));
      for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
        Appender<ILoggingEvent> appender = it.next();
        if (!JSON_APPENDER.equals(appender.getName())) {
          setAside.add(appender);
        }
      }
      setAside.forEach(root::detachAppender);
    } else if (format == LogFormat.TEXT && json != null) {
      setAside.forEach(root::addAppender);
      setAside.clear();
      root.detachAppender(json);
      json.stop();
    }
  }

  /** Names the node in the logger context, so every JSON line carries it. */
  public static void nameNode(String node) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.putProperty(NODE_PROPERTY, node);
    }
  }

  private static ConsoleAppender<ILoggingEvent> jsonAppender(LoggerContext context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setName(JSON_APPENDER);
    appender.setContext(context);
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    return appender;
  }
}
