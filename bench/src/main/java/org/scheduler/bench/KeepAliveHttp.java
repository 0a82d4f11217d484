package org.scheduler.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One kept-alive HTTP/1.1 connection that writes each request in one packet, with Nagle off: a
 * latency figure in milliseconds should not carry a client's TCP manners (the JDK's client showed
 * answers tens of milliseconds late here, while curl on the same node took under one).
 */
final class KeepAliveHttp implements AutoCloseable {
  private final URI uri;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  KeepAliveHttp(URI uri) {
    this.uri = uri;
  }

  /** POSTs JSON; returns the status code. */
  synchronized int post(String json) throws IOException {
    if (socket == null) {
      socket = new Socket(uri.getHost(), uri.getPort());
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    }
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST "
            + uri.getRawPath()
            + " HTTP/1.1\r\nHost: "
            + uri.getHost()
            + ":"
            + uri.getPort()
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    ByteArrayOutputStream request = new ByteArrayOutputStream(head.length() + body.length);
    request.write(head.getBytes(StandardCharsets.US_ASCII));
    request.write(body);
    out.write(request.toByteArray());
    out.flush();
    String status = line();
    int length = 0;
    for (String header = line(); !header.isEmpty(); header = line()) {
      if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Integer.parseInt(header.substring(15).trim());
      }
    }
    in.readNBytes(length);
    return Integer.parseInt(status.split(" ")[1]);
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public synchronized void close() throws IOException {
    if (socket != null) {
      socket.close();
    }
  }
}
