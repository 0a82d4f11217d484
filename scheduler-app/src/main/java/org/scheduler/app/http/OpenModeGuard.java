package org.scheduler.app.http;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Without an admin token the API trusts whoever can reach 127.0.0.1, and that includes a web page
 * open in the operator's browser. Two browser tricks are shut here: a cross-site request (the page
 * posts to the node; the browser names the page in {@code Origin}) and DNS rebinding (the page's
 * own host name now resolves to 127.0.0.1; the browser still sends that name in {@code Host}).
 * Programs such as curl or a load balancer's probe send neither a foreign Origin nor a foreign
 * Host, so they are unaffected.
 */
final class OpenModeGuard {
  private static final Pattern LOOPBACK_V4 =
      Pattern.compile(
          "127\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){2}");

  private OpenModeGuard() {}

  /** Why {@code request} is refused, or empty when it may go on. */
  static Optional<String> refusal(Request request) {
    String host = request.getHeaders().get(HttpHeader.HOST);
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (host != null && !isLoopback(hostName(host))) {
      return Optional.of(
          "Host '"
              + host
              + "' is not a loopback name; without http.adminToken the API answers"
              + " only requests addressed to localhost, 127.0.0.1 or [::1]");
    }
    if (origin != null && !isSameNode(origin, host)) {
      return Optional.of(
          "Origin '"
              + origin
              + "' is another site; without http.adminToken the API refuses"
              + " requests from web pages other than its own");
    }
    return Optional.empty();
  }

  private static boolean isSameNode(String origin, String host) {
    if (host == null) {
      return false;
    }
    String normalized = origin.toLowerCase(Locale.ROOT);
    String self = host.toLowerCase(Locale.ROOT);
    return normalized.equals("http://" + self) || normalized.equals("https://" + self);
  }

  /** The name in a Host header without its port; IPv6 literals keep their brackets. */
  static String hostName(String host) {
    String value = host.trim().toLowerCase(Locale.ROOT);
    if (value.startsWith("[")) {
      int end = value.indexOf(']');
      return end < 0 ? value : value.substring(0, end + 1);
    }
    int colon = value.indexOf(':');
    return colon < 0 ? value : value.substring(0, colon);
  }

  static boolean isLoopback(String name) {
    return name.equals("localhost") || name.equals("[::1]") || LOOPBACK_V4.matcher(name).matches();
  }
}
