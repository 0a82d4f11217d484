package org.scheduler.app.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a raw request path at '/' and percent-decodes each segment exactly once (RFC 3986 section
 * 2.1): {@code %2527} is the text {@code %27}, never {@code '}. A segment that is not valid
 * percent-encoded UTF-8, or decodes to NUL, is a 400.
 */
final class PathSegments {
  private PathSegments() {}

  static List<String> decode(String rawPath) {
    List<String> segments = new ArrayList<>();
    String trimmed = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
    if (trimmed.isEmpty()) {
      return segments;
    }
    for (String raw : trimmed.split("/", -1)) {
      segments.add(decodeSegment(raw));
    }
    // a trailing slash names the same resource
    if (segments.size() > 1 && segments.get(segments.size() - 1).isEmpty()) {
      segments.remove(segments.size() - 1);
    }
    return segments;
  }

  private static String decodeSegment(String raw) {
    if (raw.indexOf('%') < 0) {
      return checked(raw, raw);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      if (raw.charAt(i) != '%') {
        // a whole run at once, so that a surrogate pair stays one character
        int end = raw.indexOf('%', i);
        end = end < 0 ? raw.length() : end;
        bytes.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end - 1;
        continue;
      }
      int high = i + 2 < raw.length() ? hexDigit(raw.charAt(i + 1)) : -1;
      int low = high >= 0 ? hexDigit(raw.charAt(i + 2)) : -1;
      if (low < 0) {
        throw new BadRequestException(
            "path: '" + raw + "' has a '%' not followed by two hex digits");
      }
      bytes.write(high * 16 + low);
      i += 2;
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray()))
              .toString();
      return checked(text, raw);
    } catch (CharacterCodingException e) {
      throw new BadRequestException("path: '" + raw + "' is not percent-encoded UTF-8");
    }
  }

  private static String checked(String text, String raw) {
    String problem = StrictJson.textProblem(text);
    if (!problem.isEmpty()) {
      throw new BadRequestException("path: '" + raw + "' " + problem);
    }
    return text;
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
