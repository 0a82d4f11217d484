package org.scheduler.jobs.monitor;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a job's {@code repositories} into the repositories to poll: {@code owner/name} as given,
 * {@code owner/*} as the owner's repositories (an organisation's, or else a user's), listed page by
 * page and conditionally, so that new ones are picked up and deleted or archived ones dropped. A
 * listing that fails or meets the rate limit keeps the owner's last list and says so in the run
 * history.
 */
final class OwnerRepositories {
  /** The repositories to poll, and a history entry for each owner whose listing went wrong. */
  record Expansion(List<String> repositories, List<RunReport.Entry> problems) {}

  private final PullRequestClient client;
  private final PullRequestStore store;

  OwnerRepositories(PullRequestClient client, PullRequestStore store) {
    this.client = requireNonNull(client, "client is null");
    this.store = requireNonNull(store, "store is null");
  }

  static boolean isOwnerWide(String entry) {
    return entry.endsWith("/*");
  }

  Expansion expand(MonitorSettings settings) throws InterruptedException {
    Set<String> repositories = new LinkedHashSet<>();
    List<RunReport.Entry> problems = new ArrayList<>();
    for (String entry : settings.repositories()) {
      if (!isOwnerWide(entry)) {
        repositories.add(entry);
        continue;
      }
      String owner = entry.substring(0, entry.length() - 2);
      Listing listing = new Listing(settings, owner);
      try {
        repositories.addAll(listing.run());
      } catch (ApiException | SQLException | RuntimeException e) {
        listing.error = Optional.of(String.valueOf(e.getMessage()));
        repositories.addAll(listing.stored().repositories());
      }
      if (listing.error.isPresent() || listing.stopped.isPresent()) {
        problems.add(
            new RunReport.Entry(
                entry,
                listing.calls,
                listing.notModified,
                0,
                0,
                0,
                listing.stopped,
                listing.error,
                List.of()));
      }
    }
    return new Expansion(List.copyOf(repositories), problems);
  }

  /** One owner's listing. */
  private final class Listing {
    private final MonitorSettings settings;
    private final String owner;
    private int calls;
    private int notModified;
    private Optional<String> stopped = Optional.empty();
    private Optional<String> error = Optional.empty();
    private PullRequestStore.OwnerListing stored;

    Listing(MonitorSettings settings, String owner) {
      this.settings = settings;
      this.owner = owner;
    }

    PullRequestStore.OwnerListing stored() {
      return stored == null
          ? new PullRequestStore.OwnerListing(Optional.empty(), List.of())
          : stored;
    }

    List<String> run() throws ApiException, SQLException, InterruptedException {
      String api = settings.apiKey();
      stored =
          store
              .ownerListing(settings.job(), api, owner)
              .orElse(new PullRequestStore.OwnerListing(Optional.empty(), List.of()));
      // an organisation's repositories, or else (404) a user's
      for (String kind : List.of("orgs", "users")) {
        URI url = URI.create(api + "/" + kind + "/" + owner + "/repos?per_page=100&type=all");
        Optional<List<String>> listed = walk(url, stored.etag());
        if (listed.isPresent()) {
          return listed.get();
        }
      }
      throw new ApiException("no organisation or user named '" + owner + "'");
    }

    /** The owner's repositories from {@code url}, empty when there is no such owner. */
    private Optional<List<String>> walk(URI url, Optional<String> etag)
        throws ApiException, SQLException, InterruptedException {
      List<String> names = new ArrayList<>();
      Optional<String> firstEtag = Optional.empty();
      boolean firstPage = true;
      while (true) {
        ApiPage<String> page;
        try {
          page =
              client.fetchRepositories(
                  url,
                  firstPage ? etag : Optional.empty(),
                  settings.token(),
                  status -> {
                    calls++;
                    notModified += status == 304 ? 1 : 0;
                  });
        } catch (ApiException e) {
          if (firstPage && e.getMessage().endsWith("answered 404")) {
            return Optional.empty();
          }
          throw e;
        }
        if (page.notModified()) {
          return Optional.of(stored.repositories());
        }
        if (page.rateLimited()) {
          stopped = Optional.of("rate limited; listing kept from the last run");
          return Optional.of(stored.repositories());
        }
        if (firstPage) {
          firstEtag = page.etag();
        }
        page.items().stream().filter(name -> !name.isEmpty()).forEach(names::add);
        if (page.next().isEmpty()) {
          break;
        }
        URI next = page.next().get();
        if (!next.getHost().equals(settings.apiUrl().getHost())) {
          throw new ApiException(owner + ": next-page link leads to another host; not followed");
        }
        url = next;
        firstPage = false;
      }
      store.saveOwnerListing(
          settings.job(),
          settings.apiKey(),
          owner,
          new PullRequestStore.OwnerListing(firstEtag, names));
      return Optional.of(names);
    }
  }
}
