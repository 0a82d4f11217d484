package org.scheduler.app.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * The one reader of JSON request bodies. Jackson alone is lenient in ways that change data on its
 * way to the database: it stops after the first value (so a second object is dropped), keeps the
 * last of two equal keys, turns 1e999999 into Infinity, and lets strings carry NUL (which
 * PostgreSQL refuses) or unpaired surrogates (which the driver stores as '?'). Each of those is a
 * 400 here, naming the JSON path, before anything is stored.
 */
public final class StrictJson {
  private static final ObjectMapper mapper =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final BigDecimal LARGEST = BigDecimal.valueOf(Double.MAX_VALUE);
  private static final BigDecimal SMALLEST = BigDecimal.valueOf(Double.MIN_VALUE);

  private StrictJson() {}

  /** The document in {@code body}; a {@link BadRequestException} naming the path otherwise. */
  public static JsonNode read(byte[] body) {
    if (isBlank(body)) {
      throw new BadRequestException("body: expected JSON, got nothing");
    }
    JsonNode node;
    try {
      node = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadRequestException(where(e) + ": not valid JSON: " + brief(e));
    } catch (IOException e) {
      throw new BadRequestException("body: not valid JSON: " + e.getMessage());
    }
    check(node, "");
    return node;
  }

  static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  /** Text a column can hold unchanged: no NUL, no unpaired surrogate; empty when it is fine. */
  public static String textProblem(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return "contains NUL (\\u0000), which cannot be stored";
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return "contains an unpaired surrogate (\\u" + hex(c) + ")";
      }
      if (Character.isLowSurrogate(c)) {
        return "contains an unpaired surrogate (\\u" + hex(c) + ")";
      }
    }
    return "";
  }

  /** Checks {@code node} at {@code path}, which is empty for the body itself. */
  private static void check(JsonNode node, String path) {
    String name = path.isEmpty() ? "body" : path;
    if (node.isTextual()) {
      requireStorable(node.textValue(), name);
    } else if (node.isNumber()) {
      BigDecimal value = node.decimalValue().abs();
      if (value.compareTo(LARGEST) > 0) {
        throw new BadRequestException(name + ": number " + node.asText() + " is out of range");
      }
      if (value.signum() != 0 && value.compareTo(SMALLEST) < 0) {
        throw new BadRequestException(name + ": number " + node.asText() + " is too small to keep");
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        check(node.get(i), path + "[" + i + "]");
      }
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        String problem = textProblem(field.getKey());
        if (!problem.isEmpty()) {
          throw new BadRequestException(name + ": a field name " + problem);
        }
        check(field.getValue(), fieldPath);
      }
    }
  }

  private static void requireStorable(String text, String path) {
    String problem = textProblem(text);
    if (!problem.isEmpty()) {
      throw new BadRequestException(path + ": text " + problem);
    }
  }

  /** The path the parser had reached, in the same notation as the field errors. */
  private static String where(JsonProcessingException e) {
    if (!(e.getProcessor() instanceof JsonParser parser)) {
      return "body";
    }
    StringBuilder path = new StringBuilder();
    for (JsonStreamContext context = parser.getParsingContext();
        context != null && !context.inRoot();
        context = context.getParent()) {
      if (context.inArray()) {
        path.insert(0, "[" + Math.max(0, context.getCurrentIndex()) + "]");
      } else if (context.getCurrentName() != null) {
        path.insert(0, "." + context.getCurrentName());
      }
    }
    return path.length() == 0
        ? "body"
        : path.charAt(0) == '.' ? path.substring(1) : path.toString();
  }

  /** Jackson's message without the Java type it was binding to. */
  private static String brief(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message.startsWith("Trailing token")) {
      return "more content after the first JSON value";
    }
    return message.lines().findFirst().orElse("");
  }

  private static String hex(char c) {
    return String.format("%04x", (int) c);
  }
}
