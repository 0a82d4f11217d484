package org.scheduler.app.http;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Checks {@code Authorization: Bearer <token>} against the configured tokens, in constant time so
 * that response times say nothing about how much of a guess was right.
 */
final class BearerAuth {
  private static final String SCHEME = "bearer ";

  private final Optional<byte[]> admin;
  private final Optional<byte[]> read;

  BearerAuth(HttpConfig config) {
    requireNonNull(config, "config is null");
    this.admin = config.adminToken().map(BearerAuth::bytes);
    this.read = config.readToken().map(BearerAuth::bytes);
  }

  boolean enabled() {
    return admin.isPresent();
  }

  /** Who presents {@code header}: "admin", "read-only", or empty for no or a wrong token. */
  Optional<String> caller(String header) {
    // the scheme is case-insensitive (RFC 9110 section 11.1); the token is not
    if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return Optional.empty();
    }
    byte[] presented = bytes(header.substring(SCHEME.length()).trim());
    boolean isAdmin = admin.map(token -> MessageDigest.isEqual(token, presented)).orElse(false);
    boolean isRead = read.map(token -> MessageDigest.isEqual(token, presented)).orElse(false);
    return isAdmin ? Optional.of("admin") : isRead ? Optional.of("read-only") : Optional.empty();
  }

  private static byte[] bytes(String token) {
    return token.getBytes(StandardCharsets.UTF_8);
  }
}
