package org.scheduler.jobs.queue;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The use of each limit, named {@code queue-limit.<queue>/<type>.<metric>} (the slash because both
 * names may hold dots): {@code claimed}, the type's messages claimed across the cluster now, and
 * {@code tokens}, what its rate's bucket holds. Read from the database at most every 5 s per queue
 * whoever reads them; limits removed at run time take their gauges along.
 */
public final class QueueLimitGauges {
  public static final String CLAIMED = "claimed";
  public static final String TOKENS = "tokens";

  // 1 queue, 2 types, 3 queue
  private static final String USE =
      "SELECT t.type, (SELECT count(*) FROM queue_messages m WHERE m.queue = ? AND m.type = t.type"
          + " AND m.state = 'claimed'), l.tokens, extract(epoch FROM now() - l.refilled_at)"
          + " FROM unnest(?::text[]) AS t(type) LEFT JOIN queue_limits l"
          + " ON l.queue = ? AND l.type = t.type";

  private final MetricRegistry registry;
  private final DataSource dataSource;
  private final QueueLimits limits;
  private final Set<String> registered = new HashSet<>();

  @Inject
  public QueueLimitGauges(MetricRegistry registry, DataSource dataSource, QueueLimits limits) {
    this.registry = requireNonNull(registry, "registry is null");
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.limits = requireNonNull(limits, "limits is null");
  }

  public static String name(String queue, String type, String metric) {
    return "queue-limit." + queue + "/" + type + "." + metric;
  }

  /** Registers the gauges of the limits in force and removes those of limits gone. */
  public synchronized void refresh(Iterable<String> queues) {
    Set<String> wanted = new HashSet<>();
    for (String queue : queues) {
      Map<String, QueueConfig.Limit> queueLimits = limits.of(queue);
      if (queueLimits.isEmpty()) {
        continue;
      }
      CachedGauge<Map<String, Use>> use =
          new CachedGauge<>(5, TimeUnit.SECONDS) {
            @Override
            protected Map<String, Use> loadValue() {
              try {
                return use(queue, queueLimits);
              } catch (SQLException e) {
                return Map.of();
              }
            }
          };
      for (String type : queueLimits.keySet()) {
        String claimed = name(queue, type, CLAIMED);
        String tokens = name(queue, type, TOKENS);
        wanted.add(claimed);
        wanted.add(tokens);
        // a limit changed at run time gets gauges that know its new values
        registry.remove(claimed);
        registry.remove(tokens);
        registry.register(
            claimed,
            (Gauge<Long>)
                () -> {
                  Use each = use.getValue().get(type);
                  return each == null ? null : each.claimed();
                });
        registry.register(
            tokens,
            (Gauge<Double>)
                () -> {
                  Use each = use.getValue().get(type);
                  return each == null ? null : each.tokens();
                });
      }
    }
    for (String gone : registered) {
      if (!wanted.contains(gone)) {
        registry.remove(gone);
      }
    }
    registered.clear();
    registered.addAll(wanted);
  }

  private record Use(long claimed, double tokens) {}

  private Map<String, Use> use(String queue, Map<String, QueueConfig.Limit> queueLimits)
      throws SQLException {
    Map<String, Use> use = new HashMap<>();
    List<String> types = List.copyOf(queueLimits.keySet());
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(USE)) {
      statement.setString(1, queue);
      statement.setArray(2, connection.createArrayOf("text", types.toArray()));
      statement.setString(3, queue);
      try (ResultSet resultSet = statement.executeQuery()) {
        while (resultSet.next()) {
          QueueConfig.Limit limit = queueLimits.get(resultSet.getString(1));
          double tokens = limit.refilled(resultSet.getDouble(3), resultSet.getDouble(4));
          use.put(resultSet.getString(1), new Use(resultSet.getLong(2), tokens));
        }
      }
    }
    return use;
  }
}
