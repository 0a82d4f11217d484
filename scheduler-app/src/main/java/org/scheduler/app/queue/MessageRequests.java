package org.scheduler.app.queue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.scheduler.api.NewMessage;
import org.scheduler.app.http.BadRequestException;
import org.scheduler.jobs.queue.QueueEnqueuer;

/**
 * Reads the body of {@code POST /api/queues/{queue}/messages}: one message object or an array of
 * them, each {@code {"type", "payload", "priority", "delay" | "runAt", "dedupeKey",
 * "maxAttempts"}}. Every field is checked; the error names it.
 */
public final class MessageRequests {
  private static final Set<String> FIELDS =
      Set.of("type", "payload", "priority", "delay", "runAt", "dedupeKey", "maxAttempts");

  private static final Duration MAX_AHEAD = Duration.ofDays(365);

  /** A runAt before this is a client bug, not a wish to run now. */
  private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  private MessageRequests() {}

  public static List<NewMessage> read(JsonNode body, Instant now) {
    if (body.isArray()) {
      if (body.size() > QueueEnqueuer.MAX_BULK) {
        throw new BadRequestException(
            "body: at most "
                + QueueEnqueuer.MAX_BULK
                + " messages per request, got "
                + body.size());
      }
      List<NewMessage> messages = new ArrayList<>(body.size());
      for (int i = 0; i < body.size(); i++) {
        messages.add(read(body.get(i), "[" + i + "].", now));
      }
      return messages;
    }
    return List.of(read(body, "", now));
  }

  private static NewMessage read(JsonNode node, String prefix, Instant now) {
    if (!node.isObject()) {
      throw new BadRequestException(
          (prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1))
              + ": expected an object with type and payload");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new BadRequestException(
            prefix
                + name
                + ": unknown field (known: "
                + String.join(", ", FIELDS.stream().sorted().toList())
                + ")");
      }
    }
    JsonNode type = node.get("type");
    if (type == null || !type.isTextual()) {
      throw new BadRequestException(prefix + "type: required, a string");
    }
    if (!node.has("payload")) {
      throw new BadRequestException(prefix + "payload: required, any JSON value");
    }
    NewMessage message = NewMessage.of(type.asText(), node.get("payload").toString());
    if (node.has("priority")) {
      JsonNode priority = node.get("priority");
      if (!priority.canConvertToInt() || !priority.isIntegralNumber()) {
        throw new BadRequestException(prefix + "priority: expected a whole number");
      }
      message = message.withPriority(priority.asInt());
    }
    if (node.has("delay") && node.has("runAt")) {
      throw new BadRequestException(prefix + "delay: give delay or runAt, not both");
    }
    if (node.has("delay")) {
      message = message.withDelay(duration(node.get("delay"), prefix + "delay"));
    }
    if (node.has("runAt")) {
      Instant runAt = instant(node.get("runAt"), prefix + "runAt");
      if (runAt.isBefore(EARLIEST)) {
        throw new BadRequestException(prefix + "runAt: " + runAt + " is before " + EARLIEST);
      }
      Duration delay = Duration.between(now, runAt);
      if (delay.compareTo(MAX_AHEAD) > 0) {
        throw new BadRequestException(
            prefix + "runAt: at most " + MAX_AHEAD.toDays() + " days ahead");
      }
      message = message.withDelay(delay.isNegative() ? Duration.ZERO : delay);
    }
    if (node.has("dedupeKey")) {
      if (!node.get("dedupeKey").isTextual()) {
        throw new BadRequestException(prefix + "dedupeKey: expected a string");
      }
      message = message.withDedupeKey(node.get("dedupeKey").asText());
    }
    if (node.has("maxAttempts")) {
      JsonNode attempts = node.get("maxAttempts");
      if (!attempts.isIntegralNumber() || !attempts.canConvertToInt()) {
        throw new BadRequestException(prefix + "maxAttempts: expected a whole number");
      }
      message = message.withMaxAttempts(attempts.asInt());
    }
    return message;
  }

  private static Duration duration(JsonNode value, String field) {
    try {
      if (value.isTextual()) {
        return Duration.parse(value.asText());
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      // answered below
    }
    throw new BadRequestException(field + ": expected an ISO-8601 duration such as PT30S");
  }

  private static Instant instant(JsonNode value, String field) {
    try {
      if (value.isTextual()) {
        return Instant.parse(value.asText());
      }
    } catch (DateTimeParseException e) {
      // answered below
    }
    throw new BadRequestException(
        field + ": expected an ISO-8601 instant such as 2030-01-01T00:00:00Z");
  }
}
