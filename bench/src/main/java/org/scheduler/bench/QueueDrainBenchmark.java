package org.scheduler.bench;

import com.codahale.metrics.MetricRegistry;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.scheduler.api.MessageHandler;
import org.scheduler.api.NewMessage;
import org.scheduler.db.EmbeddedPostgresServer;
import org.scheduler.db.SchemaMigrator;
import org.scheduler.jobs.queue.QueueConfig;
import org.scheduler.jobs.queue.QueueEnqueuer;
import org.scheduler.jobs.queue.QueueStore;
import org.scheduler.jobs.queue.QueueWorkers;
import org.scheduler.jobs.queue.QueuesConfig;

/**
 * Enqueues messages in bulk, then drains them with one node's workers, for the adaptive batch size
 * and for fixed sizes, with a no-op handler and with one that sleeps 5 ms. Prints messages per
 * second and each figure's ratio to the best fixed size, all measured in one run. The no-op drain
 * also gets a ceiling: the worker's own claim and ack statements issued by plain JDBC threads (as
 * many as consumers, 1,000 per claim, nothing else), and the worker's ratio to it.
 *
 * <pre>
 * mvn -q package -DskipTests
 * java -jar bench/target/bench.jar [--url jdbc:postgresql://...] [--messages 100000,1000000]
 *     [--sleep-messages 20000] [--consumers 4] [--rounds 3] [--explain]
 * </pre>
 *
 * Each figure is the median of the rounds, which run the rows in turn. Fixed sizes that would take
 * more than 20,000 claims for a drain are left out (size 1 on 100,000 messages takes a minute).
 *
 * <p>Without --url it starts an embedded PostgreSQL in a temporary directory.
 */
public final class QueueDrainBenchmark {
  private static final int[] FIXED_SIZES = {1, 10, 100, 1000};
  private static final int MAX_CLAIMS_PER_DRAIN = 20_000;
  private static final int CEILING_CLAIM = 1000;
  private static final String QUEUE = "bench";

  private final HikariDataSource dataSource;
  private final int consumers;
  private final int rounds;

  private QueueDrainBenchmark(HikariDataSource dataSource, int consumers, int rounds) {
    this.dataSource = dataSource;
    this.consumers = consumers;
    this.rounds = rounds;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = BenchOptions.parse(args, Set.of("--explain", "--enqueue-only"));
    List<Integer> messages =
        Arrays.stream(options.getOrDefault("--messages", "100000").split(","))
            .map(String::trim)
            .map(Integer::parseInt)
            .toList();
    int sleepMessages = Integer.parseInt(options.getOrDefault("--sleep-messages", "20000"));
    int consumers = Integer.parseInt(options.getOrDefault("--consumers", "4"));
    EmbeddedPostgresServer server = null;
    String url = options.get("--url");
    if (url == null) {
      server = EmbeddedPostgresServer.start(Files.createTempDirectory("bench-pg"), 0);
      url = server.jdbcUrl("postgres");
    }
    try (HikariDataSource dataSource = new HikariDataSource()) {
      dataSource.setJdbcUrl(url);
      dataSource.setUsername(options.getOrDefault("--user", "postgres"));
      Optional.ofNullable(options.get("--password")).ifPresent(dataSource::setPassword);
      dataSource.setMaximumPoolSize(consumers + 4);
      new SchemaMigrator(dataSource).migrate();
      QueueDrainBenchmark bench =
          new QueueDrainBenchmark(
              dataSource, consumers, Integer.parseInt(options.getOrDefault("--rounds", "3")));
      if (options.containsKey("--enqueue-only")) {
        bench.drain("warm-up", 20_000, message -> {}, bench.config(1, 1000));
        for (int round = 1; round <= 5; round++) {
          bench.truncate();
          bench.vacuum();
          System.out.printf("bulk enqueue: %,.0f messages/s%n", bench.enqueue(messages.get(0)));
        }
        return;
      }
      if (options.containsKey("--explain")) {
        bench.explainClaim(1_000_000);
        return;
      }
      bench.run(messages, sleepMessages);
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private void run(List<Integer> sizes, int sleepMessages) throws Exception {
    int messages = sizes.get(0);
    System.out.printf("PostgreSQL %s, %d consumers, one node%n", version(), consumers);
    drain("warm-up", 20_000, message -> {}, config(1, 1000));
    List<Double> rates = new ArrayList<>();
    for (int round = 1; round <= 5; round++) {
      truncate();
      vacuum();
      rates.add(enqueue(messages));
    }
    System.out.printf(
        "bulk enqueue of %,d messages in requests of 10,000, 5 rounds: %s messages/s (median %,.0f)%n",
        messages,
        rates.stream().map(rate -> String.format("%,.0f", rate)).toList(),
        rates.stream().sorted().toList().get(2));
    System.out.println();
    for (int count : sizes) {
      report("no-op handler", count, message -> {}, true, rounds);
    }
    // a handler's sleep dwarfs the machine's noise: one round
    report("handler sleeping 5 ms", sleepMessages, message -> Thread.sleep(5), false, 1);
  }

  private void report(
      String workload, int messages, MessageHandler handler, boolean ceiling, int roundCount)
      throws Exception {
    Map<String, Callable<Double>> rows = new LinkedHashMap<>();
    for (int size : FIXED_SIZES) {
      if (messages / size <= MAX_CLAIMS_PER_DRAIN) {
        rows.put("fixed " + size, () -> drain(workload, messages, handler, config(size, size)));
      }
    }
    rows.put("adaptive", () -> drain(workload, messages, handler, config(1, 1000)));
    if (ceiling) {
      rows.put("ceiling", () -> ceiling(messages));
    }
    // rounds interleave the rows, each round starting one row later, so that neither the
    // machine's noise nor what a drain leaves behind for the next falls on one row more
    List<String> names = List.copyOf(rows.keySet());
    Map<String, List<Double>> rounds = new LinkedHashMap<>();
    names.forEach(name -> rounds.put(name, new ArrayList<>()));
    for (int round = 0; round < roundCount; round++) {
      for (int i = 0; i < names.size(); i++) {
        String name = names.get((i + round) % names.size());
        rounds.get(name).add(rows.get(name).call());
      }
    }
    Map<String, Double> medians = new LinkedHashMap<>();
    Map<String, Double> bests = new LinkedHashMap<>();
    rounds.forEach(
        (name, each) -> {
          medians.put(name, median(each));
          bests.put(name, each.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        });
    print(
        String.format("%s, %,d messages, median of %d round(s)", workload, messages, roundCount),
        medians);
    if (roundCount > 1) {
      // the least disturbed round of each row: on a shared machine the spread is wide
      print(
          String.format("%s, %,d messages, best of %d rounds", workload, messages, roundCount),
          bests);
    }
  }

  private void print(String title, Map<String, Double> rates) {
    double bestFixed =
        rates.entrySet().stream()
            .filter(entry -> entry.getKey().startsWith("fixed"))
            .mapToDouble(Map.Entry::getValue)
            .max()
            .orElseThrow();
    Double ceiling = rates.get("ceiling");
    System.out.println(title + ":");
    rates.forEach(
        (name, rate) -> {
          if (name.equals("ceiling")) {
            System.out.printf(
                "  %-12s %,10.0f messages/s   the worker's claim + ack from %d plain JDBC"
                    + " threads, %,d per claim%n",
                name, rate, consumers, CEILING_CLAIM);
          } else {
            System.out.printf(
                "  %-12s %,10.0f messages/s   %.2f x best fixed%s%n",
                name,
                rate,
                rate / bestFixed,
                ceiling == null ? "" : String.format("   %.2f x ceiling", rate / ceiling));
          }
        });
    System.out.println();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.size() % 2 == 1
        ? sorted.get(sorted.size() / 2)
        : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
  }

  /**
   * The worker's claim and ack statements from plain JDBC threads, one connection each, with no
   * worker code between them: what the database allows this drain at most.
   */
  private double ceiling(int count) throws Exception {
    truncate();
    enqueue(count);
    vacuum();
    AtomicLong acked = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
    long start = System.nanoTime();
    for (int i = 0; i < consumers; i++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  claimAndAck(acked, count);
                } catch (Exception e) {
                  failures.add(e);
                }
              },
              "ceiling-" + i);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!failures.isEmpty()) {
      throw failures.peek();
    }
    System.err.printf("ceiling: %.2f s%n", seconds);
    return count / seconds;
  }

  private void claimAndAck(AtomicLong acked, int count) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement claim = connection.prepareStatement(QueueStore.CLAIM);
        PreparedStatement ack = connection.prepareStatement(QueueStore.ACK)) {
      while (acked.get() < count) {
        UUID token = UUID.randomUUID();
        claim.setString(1, QUEUE);
        claim.setInt(2, CEILING_CLAIM);
        claim.setLong(3, QueueConfig.DEFAULT_BATCH_MAX_BYTES);
        claim.setObject(4, token);
        claim.setDouble(5, 300);
        List<Long> ids = new ArrayList<>(CEILING_CLAIM);
        try (ResultSet claimed = claim.executeQuery()) {
          while (claimed.next()) {
            ids.add(claimed.getLong(1));
            claimed.getString(2);
            claimed.getString(3);
          }
        }
        if (ids.isEmpty()) {
          continue; // the others hold the rest; they ack it soon
        }
        ack.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
        ack.setObject(2, token);
        try (ResultSet done = ack.executeQuery()) {
          while (done.next()) {
            acked.incrementAndGet();
          }
        }
      }
    }
  }

  private QueueConfig config(int min, int max) {
    return QueueConfig.defaults(QUEUE)
        .withConcurrency(consumers)
        .withBatch(min, max, Duration.ofSeconds(1))
        .withLease(Duration.ofMinutes(5))
        .withPollInterval(Duration.ofMillis(10));
  }

  /** Enqueues {@code count} messages in bulk requests of 10,000; returns messages per second. */
  private double enqueue(int count) throws SQLException {
    QueueEnqueuer enqueuer =
        new QueueEnqueuer(dataSource, new QueuesConfig(Map.of(QUEUE, config(1, 1000))));
    List<NewMessage> batch = new ArrayList<>();
    for (int i = 0; i < QueueEnqueuer.MAX_BULK; i++) {
      batch.add(NewMessage.of("noop", "{\"n\":" + i + ",\"note\":\"benchmark message\"}"));
    }
    long start = System.nanoTime();
    for (int sent = 0; sent < count; sent += batch.size()) {
      enqueuer.enqueueAll(QUEUE, batch.subList(0, Math.min(batch.size(), count - sent)));
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  /** Enqueues, then drains with the given batch bounds; returns messages per second drained. */
  private double drain(String workload, int count, MessageHandler handler, QueueConfig config)
      throws Exception {
    truncate();
    enqueue(count);
    vacuum();
    MetricRegistry metrics = new MetricRegistry();
    QueueWorkers workers =
        new QueueWorkers(
            new QueuesConfig(Map.of(QUEUE, config)),
            new QueueStore(dataSource),
            Map.of("noop", handler),
            metrics);
    long start = System.nanoTime();
    workers.start();
    while (metrics.meter("queue." + QUEUE + ".processed").getCount() < count) {
      Thread.sleep(5);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    workers.stop(Duration.ofSeconds(30));
    System.err.printf(
        "%s, batch %d..%d: %.2f s (final batch size %s)%n",
        workload,
        config.batch().min(),
        config.batch().max(),
        seconds,
        workers.batchSize(QUEUE).orElse(0));
    return count / seconds;
  }

  private void explainClaim(int count) throws SQLException {
    truncate();
    System.err.printf("enqueueing %,d messages...%n", count);
    enqueue(count);
    vacuum();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      String claim =
          QueueStore.CLAIM
              .replaceFirst("\\?", "'" + QUEUE + "'")
              .replaceFirst("\\?", "100")
              .replaceFirst("\\?", Long.toString(QueueConfig.DEFAULT_BATCH_MAX_BYTES))
              .replaceFirst("\\?", "gen_random_uuid()")
              .replaceFirst("\\?", "30");
      try (ResultSet plan = statement.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + claim)) {
        while (plan.next()) {
          System.out.println(plan.getString(1));
        }
      }
      connection.rollback();
    }
  }

  private void truncate() throws SQLException {
    execute("TRUNCATE queue_messages, queue_history, queue_dead");
  }

  private void vacuum() throws SQLException {
    execute("VACUUM ANALYZE queue_messages");
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private String version() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery("SHOW server_version")) {
      resultSet.next();
      return resultSet.getString(1);
    }
  }
}
