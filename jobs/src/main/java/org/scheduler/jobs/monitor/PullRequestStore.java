package org.scheduler.jobs.monitor;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.scheduler.api.Enqueuer;
import org.scheduler.api.NewMessage;

/**
 * The SQL of the repository monitor's state (see sql/V4__repository_monitor.sql). A pull request's
 * new state and the messages about its changes are written in one transaction, under a row lock, so
 * two runs at once (on two nodes, or overlapping) report each change once.
 */
final class PullRequestStore {
  // 1 api_url, 2 repository
  private static final String SELECT_REPOSITORY =
      "SELECT cursor_at, etag, blocked_until FROM monitored_repositories"
          + " WHERE api_url = ? AND repository = ?";
  // 1 api_url, 2 repository, 3 cursor_at, 4 etag, 5 blocked_until, 6 last_error
  private static final String UPSERT_REPOSITORY =
      "INSERT INTO monitored_repositories (api_url, repository, cursor_at, etag, blocked_until,"
          + " last_polled_at, last_error) VALUES (?, ?, ?, ?, ?, now(), ?)"
          + " ON CONFLICT (api_url, repository) DO UPDATE SET cursor_at = excluded.cursor_at,"
          + " etag = excluded.etag, blocked_until = excluded.blocked_until,"
          + " last_polled_at = now(), last_error = excluded.last_error";
  // 1 api_url, 2 repository, 3 number, 4 title, 5 updated_at; a placeholder the update completes
  private static final String INSERT_NEW =
      "INSERT INTO pull_requests (api_url, repository, number, title, state, merged, updated_at)"
          + " VALUES (?, ?, ?, ?, 'new', false, ?) ON CONFLICT DO NOTHING";
  // 1 api_url, 2 repository, 3 number
  private static final String LOCK =
      "SELECT title, author, url, state, merged, head_sha, updated_at, closed_at"
          + " FROM pull_requests WHERE api_url = ? AND repository = ? AND number = ? FOR UPDATE";
  // 1 title, 2 author, 3 url, 4 state, 5 merged, 6 head_sha, 7 updated_at, 8 closed_at,
  // 9 api_url, 10 repository, 11 number
  private static final String UPDATE =
      "UPDATE pull_requests SET title = ?, author = ?, url = ?, state = ?, merged = ?,"
          + " head_sha = ?, updated_at = ?, closed_at = ?, last_seen_at = now()"
          + " WHERE api_url = ? AND repository = ? AND number = ?";
  // 1 retention seconds, 2 limit
  private static final String PRUNE_CLOSED =
      "DELETE FROM pull_requests WHERE ctid = ANY(ARRAY(SELECT ctid FROM pull_requests"
          + " WHERE state = 'closed' AND closed_at < now() - make_interval(secs => ?) LIMIT ?))";

  private final DataSource dataSource;
  private final Enqueuer enqueuer;

  @Inject
  public PullRequestStore(DataSource dataSource, Enqueuer enqueuer) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.enqueuer = requireNonNull(enqueuer, "enqueuer is null");
  }

  public RepositoryState state(String apiUrl, String repository) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(SELECT_REPOSITORY)) {
      statement.setString(1, apiUrl);
      statement.setString(2, repository);
      try (ResultSet resultSet = statement.executeQuery()) {
        if (!resultSet.next()) {
          return RepositoryState.initial();
        }
        return new RepositoryState(
            instant(resultSet.getTimestamp(1)),
            Optional.ofNullable(resultSet.getString(2)),
            instant(resultSet.getTimestamp(3)));
      }
    }
  }

  public void saveState(
      String apiUrl, String repository, RepositoryState state, Optional<String> error)
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(UPSERT_REPOSITORY)) {
      statement.setString(1, apiUrl);
      statement.setString(2, repository);
      statement.setTimestamp(3, state.cursor().map(Timestamp::from).orElse(null));
      statement.setString(4, state.etag().orElse(null));
      statement.setTimestamp(5, state.blockedUntil().map(Timestamp::from).orElse(null));
      statement.setString(6, error.orElse(null));
      statement.executeUpdate();
    }
  }

  /**
   * Stores {@code seen} and enqueues on {@code queue} the messages that {@code messages} makes of
   * the change from the stored state, all in one transaction. Returns how many messages it
   * enqueued, and whether the pull request was new.
   */
  public Outcome record(
      String apiUrl,
      String repository,
      PullRequest seen,
      String queue,
      Function<Optional<PullRequest>, List<NewMessage>> messages)
      throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        Outcome outcome = record(connection, apiUrl, repository, seen, queue, messages);
        connection.commit();
        return outcome;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /** What recording one pull request did. */
  public record Outcome(boolean discovered, int messages) {}

  private Outcome record(
      Connection connection,
      String apiUrl,
      String repository,
      PullRequest seen,
      String queue,
      Function<Optional<PullRequest>, List<NewMessage>> messages)
      throws SQLException {
    boolean discovered;
    try (PreparedStatement insert = connection.prepareStatement(INSERT_NEW)) {
      insert.setString(1, apiUrl);
      insert.setString(2, repository);
      insert.setInt(3, seen.number());
      insert.setString(4, seen.title());
      insert.setTimestamp(5, Timestamp.from(seen.updatedAt()));
      discovered = insert.executeUpdate() == 1;
    }
    Optional<PullRequest> before = Optional.empty();
    try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
      lock.setString(1, apiUrl);
      lock.setString(2, repository);
      lock.setInt(3, seen.number());
      try (ResultSet resultSet = lock.executeQuery()) {
        resultSet.next();
        if (!resultSet.getString("state").equals("new")) {
          PullRequest stored = read(seen.number(), resultSet);
          if (!seen.updatedAt().isAfter(stored.updatedAt()) && !changed(stored, seen)) {
            return new Outcome(false, 0);
          }
          if (seen.updatedAt().isBefore(stored.updatedAt())) {
            return new Outcome(false, 0); // an older view than the one stored
          }
          before = Optional.of(stored);
        }
      }
    }
    try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
      update.setString(1, seen.title());
      update.setString(2, seen.author().orElse(null));
      update.setString(3, seen.url().orElse(null));
      update.setString(4, seen.open() ? "open" : "closed");
      update.setBoolean(5, seen.merged());
      update.setString(6, seen.headSha().orElse(null));
      update.setTimestamp(7, Timestamp.from(seen.updatedAt()));
      update.setTimestamp(8, seen.closedAt().map(Timestamp::from).orElse(null));
      update.setString(9, apiUrl);
      update.setString(10, repository);
      update.setInt(11, seen.number());
      update.executeUpdate();
    }
    List<NewMessage> toSend = messages.apply(before);
    if (!toSend.isEmpty()) {
      enqueuer.enqueueAll(connection, queue, toSend);
    }
    return new Outcome(discovered, toSend.size());
  }

  private static boolean changed(PullRequest stored, PullRequest seen) {
    return stored.open() != seen.open()
        || stored.merged() != seen.merged()
        || !stored.headSha().equals(seen.headSha());
  }

  /** Deletes at most {@code limit} pull requests closed longer than {@code retention} ago. */
  public int pruneClosed(Duration retention, int limit) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(PRUNE_CLOSED)) {
      statement.setDouble(1, retention.toMillis() / 1000.0);
      statement.setInt(2, limit);
      return statement.executeUpdate();
    }
  }

  private static PullRequest read(int number, ResultSet resultSet) throws SQLException {
    return new PullRequest(
        number,
        resultSet.getString("title"),
        Optional.ofNullable(resultSet.getString("author")),
        Optional.ofNullable(resultSet.getString("url")),
        resultSet.getString("state").equals("open"),
        resultSet.getBoolean("merged"),
        Optional.ofNullable(resultSet.getString("head_sha")),
        resultSet.getTimestamp("updated_at").toInstant(),
        instant(resultSet.getTimestamp("closed_at")));
  }

  private static Optional<Instant> instant(Timestamp timestamp) {
    return Optional.ofNullable(timestamp).map(Timestamp::toInstant);
  }
}
