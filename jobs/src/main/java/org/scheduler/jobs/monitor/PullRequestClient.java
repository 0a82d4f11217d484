package org.scheduler.jobs.monitor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.scheduler.jobs.http.RetryAfter;

/**
 * Reads pages of pull requests and of an owner's repositories from a GitHub-compatible REST API.
 * Server errors (5xx) and timeouts are retried a few times with growing pauses; anything else
 * unexpected is an {@link ApiException} whose message never contains the token.
 */
final class PullRequestClient {
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
  private static final int ATTEMPTS = 3;
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");
  private static final ObjectMapper json = new ObjectMapper();

  private final Supplier<HttpClient> http;
  private final Clock clock;
  private final Duration retryPause;

  public PullRequestClient(Supplier<HttpClient> http, Clock clock, Duration retryPause) {
    this.http = requireNonNull(http, "http is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.retryPause = requireNonNull(retryPause, "retryPause is null");
  }

  /** Calls counted by status class, for the metrics. */
  public interface CallListener {
    void answered(int status);
  }

  /** Reads one item of a list; throws IllegalArgumentException on a malformed one. */
  private interface ItemParser<T> {
    T parse(JsonNode item);
  }

  /** A page of pull requests. */
  public ApiPage<PullRequest> fetch(
      URI url, Optional<String> etag, Optional<String> token, CallListener listener)
      throws ApiException, InterruptedException {
    return get(url, etag, token, listener, "pull requests", PullRequestClient::pullRequest);
  }

  /**
   * A page of an owner's repositories, as {@code owner/name}; archived and disabled ones are left
   * out (an empty name stands for one, so that the page's length still tells whether it is full).
   */
  public ApiPage<String> fetchRepositories(
      URI url, Optional<String> etag, Optional<String> token, CallListener listener)
      throws ApiException, InterruptedException {
    return get(
        url,
        etag,
        token,
        listener,
        "repositories",
        item -> {
          String name =
              text(item, "full_name")
                  .orElseThrow(() -> new IllegalArgumentException("full_name missing"));
          boolean gone =
              item.path("archived").asBoolean(false) || item.path("disabled").asBoolean(false);
          return gone ? "" : name;
        });
  }

  private <T> ApiPage<T> get(
      URI url,
      Optional<String> etag,
      Optional<String> token,
      CallListener listener,
      String what,
      ItemParser<T> parser)
      throws ApiException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/vnd.github+json")
            .header("User-Agent", "scheduler-repository-monitor")
            .GET();
    etag.ifPresent(value -> request.header("If-None-Match", value));
    token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
    String where = "GET " + withoutQuery(url);
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response;
      try {
        response = http.get().send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (HttpTimeoutException e) {
        if (attempt < ATTEMPTS) {
          pause(attempt);
          continue;
        }
        throw new ApiException(
            where + ": no answer within " + REQUEST_TIMEOUT + " (" + ATTEMPTS + " attempts)");
      } catch (IOException e) {
        if (attempt < ATTEMPTS) {
          pause(attempt);
          continue;
        }
        throw new ApiException(
            where + ": " + e.getClass().getSimpleName() + " (" + ATTEMPTS + " attempts)");
      }
      listener.answered(response.statusCode());
      int status = response.statusCode();
      if (status >= 500 && attempt < ATTEMPTS) {
        pause(attempt);
        continue;
      }
      return page(where, response, what, parser);
    }
  }

  private <T> ApiPage<T> page(
      String where, HttpResponse<String> response, String what, ItemParser<T> parser)
      throws ApiException {
    int status = response.statusCode();
    HttpHeaders headers = response.headers();
    OptionalLong remaining = longHeader(headers, "X-RateLimit-Remaining");
    Optional<Instant> reset =
        longHeader(headers, "X-RateLimit-Reset").stream()
            .mapToObj(Instant::ofEpochSecond)
            .findFirst();
    Optional<Duration> retryAfter =
        headers.firstValue("Retry-After").flatMap(value -> RetryAfter.parse(value, clock));
    Optional<String> etag = headers.firstValue("ETag");
    // a 304 and a rate-limit refusal are answered by their headers alone
    ApiPage<T> headersOnly =
        new ApiPage<>(status, List.of(), Optional.empty(), etag, remaining, reset, retryAfter);
    if (headersOnly.notModified() || headersOnly.rateLimited()) {
      return headersOnly;
    }
    if (status != 200) {
      throw new ApiException(where + " answered " + status);
    }
    List<T> items = parse(where, response.body(), what, parser);
    Optional<URI> next = headers.firstValue("Link").flatMap(link -> nextLink(where, link));
    return new ApiPage<>(status, items, next, etag, remaining, reset, retryAfter);
  }

  private static <T> List<T> parse(String where, String body, String what, ItemParser<T> parser)
      throws ApiException {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ApiException(where + ": malformed JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isArray()) {
      throw new ApiException(where + ": malformed answer: expected a JSON array of " + what);
    }
    List<T> items = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      JsonNode item = root.get(i);
      try {
        items.add(parser.parse(item));
      } catch (RuntimeException e) {
        throw new ApiException(
            where + ": malformed item of " + what + " at index " + i + ": " + e.getMessage());
      }
    }
    return items;
  }

  private static PullRequest pullRequest(JsonNode item) {
    JsonNode number = item.path("number");
    if (!number.canConvertToInt() || !number.isIntegralNumber()) {
      throw new IllegalArgumentException("number missing or not a whole number");
    }
    String state =
        text(item, "state").orElseThrow(() -> new IllegalArgumentException("state missing"));
    if (!state.equals("open") && !state.equals("closed")) {
      throw new IllegalArgumentException("unknown state '" + state + "'");
    }
    Instant updatedAt =
        text(item, "updated_at")
            .map(Instant::parse)
            .orElseThrow(() -> new IllegalArgumentException("updated_at missing"));
    return new PullRequest(
        number.asInt(),
        text(item, "title").orElse(""),
        text(item.path("user"), "login"),
        text(item, "html_url"),
        state.equals("open"),
        text(item, "merged_at").isPresent(),
        text(item.path("head"), "sha"),
        updatedAt,
        text(item, "closed_at").map(Instant::parse));
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  private static Optional<URI> nextLink(String where, String link) {
    Matcher matcher = NEXT_LINK.matcher(link);
    if (!matcher.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(URI.create(matcher.group(1)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static OptionalLong longHeader(HttpHeaders headers, String name) {
    Optional<String> value = headers.firstValue(name);
    try {
      return value.isPresent()
          ? OptionalLong.of(Long.parseLong(value.get().trim()))
          : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  private void pause(int attempt) throws InterruptedException {
    Thread.sleep(retryPause.multipliedBy(1L << (attempt - 1)).toMillis());
  }

  private static String withoutQuery(URI url) {
    return url.getScheme() + "://" + url.getAuthority() + url.getPath();
  }
}
