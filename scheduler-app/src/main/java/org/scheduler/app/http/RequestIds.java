package org.scheduler.app.http;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids that tie an error body to the node's log line. A random prefix per process keeps ids of two
 * nodes behind one load balancer apart; the counter keeps them cheap.
 */
final class RequestIds {
  private static final String PREFIX = HexFormat.of().formatHex(randomBytes());
  private static final AtomicLong counter = new AtomicLong();

  private RequestIds() {}

  static String next() {
    return PREFIX + "-" + Long.toString(counter.incrementAndGet(), 36);
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[4];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
