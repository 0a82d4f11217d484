package org.scheduler.jobs.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** What one run did per repository: counts, or why it stopped. */
final class RunReport {
  /** One repository's part of the run. */
  public record Entry(
      String repository,
      int apiCalls,
      int notModified,
      int seen,
      int discovered,
      int changed,
      Optional<String> stopped,
      Optional<String> error,
      List<String> wouldSend) {
    /** At most this many of a dry run's messages are listed; the rest are counted. */
    static final int LISTED = 20;

    public Entry {
      wouldSend = List.copyOf(wouldSend);
    }

    /** A repository the run did not poll, and why. */
    static Entry skipped(String repository, String why) {
      return new Entry(repository, 0, 0, 0, 0, 0, Optional.of(why), Optional.empty(), List.of());
    }

    @Override
    public String toString() {
      String counts =
          repository
              + ": "
              + apiCalls
              + " call(s)"
              + (notModified > 0 ? " (" + notModified + " not modified)" : "")
              + ", "
              + seen
              + " pull request(s) seen, "
              + discovered
              + " discovered, "
              + changed
              + " change(s)";
      String dryRun =
          wouldSend.isEmpty()
              ? ""
              : ", would send: "
                  + String.join(", ", wouldSend.subList(0, Math.min(LISTED, wouldSend.size())))
                  + (wouldSend.size() > LISTED
                      ? " and " + (wouldSend.size() - LISTED) + " more"
                      : "");
      return counts
          + dryRun
          + stopped.map(reason -> ", " + reason).orElse("")
          + error.map(message -> ", FAILED: " + message).orElse("");
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  void add(Entry entry) {
    entries.add(entry);
  }

  public List<Entry> entries() {
    return List.copyOf(entries);
  }

  public boolean hasErrors() {
    return entries.stream().anyMatch(entry -> entry.error().isPresent());
  }

  @Override
  public String toString() {
    return entries.stream().map(Entry::toString).collect(Collectors.joining("; "));
  }
}
