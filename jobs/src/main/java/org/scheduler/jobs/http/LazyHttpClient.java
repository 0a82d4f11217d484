package org.scheduler.jobs.http;

import com.google.common.base.Suppliers;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The HTTP client of the webhook handler and the repository monitor, built on first use. Building a
 * JDK client starts its selector thread, and the node builds its singletons when the injector is
 * created, before jobs.yaml is validated: no thread may start before the configuration holds.
 */
public final class LazyHttpClient {
  private LazyHttpClient() {}

  /** A client that connects within 5 s and never follows redirects (a token must not travel). */
  public static Supplier<HttpClient> create() {
    return Suppliers.memoize(
        () ->
            HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
  }
}
