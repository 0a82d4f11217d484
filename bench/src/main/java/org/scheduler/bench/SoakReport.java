package org.scheduler.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The soak's figures, printed once at the end. */
final class SoakReport {
  private final SoakLoad load;
  private final SoakReceiver receiver;
  private final Soak.SoakFaults faults;
  private final SoakCluster cluster;
  private final SoakDatabase database;

  SoakReport(
      SoakLoad load,
      SoakReceiver receiver,
      Soak.SoakFaults faults,
      SoakCluster cluster,
      SoakDatabase database) {
    this.load = load;
    this.receiver = receiver;
    this.faults = faults;
    this.cluster = cluster;
    this.database = database;
  }

  void print(PrintStream out, Duration elapsed) throws Exception {
    Map<Long, List<SoakReceiver.Delivery>> deliveries = receiver.deliveries();
    long lost = load.accepted().stream().filter(id -> !deliveries.containsKey(id)).count();
    Map<String, Integer> duplicates = new TreeMap<>();
    List<Long> latencies = new ArrayList<>();
    for (List<SoakReceiver.Delivery> each : deliveries.values()) {
      List<SoakReceiver.Delivery> sorted;
      synchronized (each) {
        sorted = new ArrayList<>(each);
      }
      sorted.sort((a, b) -> Long.compare(a.receivedAt(), b.receivedAt()));
      latencies.add(sorted.get(0).receivedAt() - sorted.get(0).sentAt());
      for (SoakReceiver.Delivery again : sorted.subList(1, sorted.size())) {
        String cause =
            faults.explain(
                Instant.ofEpochMilli(sorted.get(0).receivedAt()),
                Instant.ofEpochMilli(again.receivedAt()));
        // the same attempt twice is the webhook repeating a post; a later one, a new claim
        String how = again.attempt() == sorted.get(0).attempt() ? "same attempt" : "reclaimed";
        duplicates.merge(cause + ", " + how, 1, Integer::sum);
      }
    }
    Collections.sort(latencies);
    String logs = cluster.logs();
    out.printf("soak: %s%n", elapsed.withNanos(0));
    out.printf(
        "faults: %d node kills, %d database restarts, %d drains%n",
        faults.count("node kill"), faults.count("database restart"), faults.count("drain"));
    out.printf(
        "messages: accepted %,d (refused or failed requests: %,d), delivered %,d, lost %,d,"
            + " still pending %,d, dead %,d%n",
        load.accepted().size(),
        load.refused(),
        deliveries.size(),
        lost,
        database.pending(),
        database.dead());
    out.printf(
        "delivered more than once: %,d, by the fault before it: %s%n",
        duplicates.values().stream().mapToInt(Integer::intValue).sum(), duplicates);
    out.printf(
        "cron slots (every second): %,d expected, %,d run, %,d run twice, %,d missed%n",
        database.slotsExpected(),
        database.slotsRun(),
        database.slotsRunTwice(),
        database.slotsExpected() - database.slotsRun());
    out.printf(
        "recoveries: %d instance(s) recovered for %d node kill(s) and %d drain(s); %d live"
            + " node(s) found themselves recovered (false recoveries); %d recovering job run(s)%n",
        count(logs, "Scanning for instance \"[^\"]+\"'s failed in-progress jobs"),
        faults.count("node kill"),
        faults.count("drain"),
        count(logs, "is still active but was recovered by another instance"),
        database.recoveringRuns());
    out.printf(
        "enqueue to first delivery: p50 %d ms, p99 %d ms, max %d ms%n",
        percentile(latencies, 0.50),
        percentile(latencies, 0.99),
        latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1));
  }

  private static long percentile(List<Long> sorted, double quantile) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(quantile * sorted.size())));
  }

  private static int count(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }
}
