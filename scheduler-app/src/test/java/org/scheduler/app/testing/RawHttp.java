package org.scheduler.app.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests a well-behaved client library will not send: foreign
 * Host headers, broken encodings, oversized headers, a Content-Length with no body behind it.
 */
public final class RawHttp {
  private static final ObjectMapper json = new ObjectMapper();

  private RawHttp() {}

  /** A response; header names are lower case, the body is parsed when it is JSON. */
  public record Response(int status, Map<String, String> headers, byte[] body) {
    public JsonNode json() {
      try {
        return json.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
      }
    }

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Sends {@code head} (request line and headers, CRLF-separated, without the blank line) and
   * {@code body} as given, then reads one response. {@code Connection: close} is added so that the
   * response ends the stream.
   */
  public static Response send(int port, String head, byte[] body) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.write(body);
      out.flush();
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Response send(int port, String head) {
    return send(port, head, new byte[0]);
  }

  private static Response read(InputStream in) throws IOException {
    String statusLine = line(in);
    // a 100 Continue comes before the final answer; this client never sends the body after it
    while (statusLine.startsWith("HTTP/1.1 100")) {
      while (!line(in).isEmpty()) {
        // skip the interim response's headers
      }
      statusLine = line(in);
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      headers.put(
          header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).trim());
    }
    String length = headers.get("content-length");
    byte[] body = length == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length));
    return new Response(status, headers, body);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed before the response ended: " + bytes);
      }
      if (b != '\r') {
        bytes.write(b);
      }
    }
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }
}
