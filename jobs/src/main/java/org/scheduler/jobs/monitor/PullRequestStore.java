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
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.scheduler.api.Enqueuer;
import org.scheduler.api.NewMessage;

/**
 * The SQL of the repository monitor's state (sql/V4__repository_monitor.sql), kept per job (V11):
 * two jobs watching one repository each see every change. A pull request's new state and the
 * messages about its changes are written in one transaction, under a row lock, so two runs of a job
 * at once (on two nodes, or overlapping) report each change once.
 */
final class PullRequestStore {
  // 1 job, 2 api_url, 3 repository
  private static final String SELECT_REPOSITORY =
      "SELECT cursor_at, etag, blocked_until FROM monitored_repositories"
          + " WHERE job = ? AND api_url = ? AND repository = ?";
  // 1 job, 2 api_url, 3 repository: state from before it was kept per job goes to the first job
  // that polls its repository (one statement each, in one transaction; a second job finds none)
  private static final String ADOPT_REPOSITORY =
      "UPDATE monitored_repositories SET job = ? WHERE job = '' AND api_url = ? AND repository = ?";
  private static final String ADOPT_PULL_REQUESTS =
      "UPDATE pull_requests SET job = ? WHERE job = '' AND api_url = ? AND repository = ?";
  // 1 job, 2 api_url, 3 repository, 4 cursor_at, 5 etag, 6 blocked_until, 7 last_error
  private static final String UPSERT_REPOSITORY =
      "INSERT INTO monitored_repositories (job, api_url, repository, cursor_at, etag,"
          + " blocked_until, last_polled_at, last_error) VALUES (?, ?, ?, ?, ?, ?, now(), ?)"
          + " ON CONFLICT (job, api_url, repository) DO UPDATE SET cursor_at = excluded.cursor_at,"
          + " etag = excluded.etag, blocked_until = excluded.blocked_until,"
          + " last_polled_at = now(), last_error = excluded.last_error";
  // 1 job, 2 api_url, 3 repository, 4 number, 5 title, 6 updated_at; a placeholder the update
  // completes
  private static final String INSERT_NEW =
      "INSERT INTO pull_requests (job, api_url, repository, number, title, state, merged,"
          + " updated_at) VALUES (?, ?, ?, ?, ?, 'new', false, ?) ON CONFLICT DO NOTHING";
  // 1 job, 2 api_url, 3 repository, 4 number
  private static final String LOCK =
      "SELECT title, author, url, state, merged, head_sha, updated_at, closed_at"
          + " FROM pull_requests WHERE job = ? AND api_url = ? AND repository = ? AND number = ?"
          + " FOR UPDATE";
  // 1 title, 2 author, 3 url, 4 state, 5 merged, 6 head_sha, 7 updated_at, 8 closed_at,
  // 9 job, 10 api_url, 11 repository, 12 number
  private static final String UPDATE =
      "UPDATE pull_requests SET title = ?, author = ?, url = ?, state = ?, merged = ?,"
          + " head_sha = ?, updated_at = ?, closed_at = ?, last_seen_at = now()"
          + " WHERE job = ? AND api_url = ? AND repository = ? AND number = ?";
  // 1 the jobs to keep: the state of every other job goes (never the unadopted rows)
  private static final String FORGET_REPOSITORIES =
      "DELETE FROM monitored_repositories WHERE job <> '' AND NOT (job = ANY(?))";
  private static final String FORGET_PULL_REQUESTS =
      "DELETE FROM pull_requests WHERE job <> '' AND NOT (job = ANY(?))";
  private static final String FORGET_OWNERS =
      "DELETE FROM monitored_owners WHERE NOT (job = ANY(?))";
  // 1 job, 2 api_url, 3 owner
  private static final String SELECT_OWNER =
      "SELECT etag, repositories FROM monitored_owners WHERE job = ? AND api_url = ? AND owner = ?";
  // 1 job, 2 api_url, 3 owner, 4 etag, 5 repositories
  private static final String UPSERT_OWNER =
      "INSERT INTO monitored_owners (job, api_url, owner, etag, repositories)"
          + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (job, api_url, owner) DO UPDATE"
          + " SET etag = excluded.etag, repositories = excluded.repositories, listed_at = now()";
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

  /** Where {@code job} stopped on the repository; the state of before per-job state if unowned. */
  public RepositoryState state(String job, String apiUrl, String repository) throws SQLException {
    Optional<RepositoryState> own = select(job, apiUrl, repository);
    if (own.isPresent() || adopt(job, apiUrl, repository) == 0) {
      return own.orElseGet(RepositoryState::initial);
    }
    return select(job, apiUrl, repository).orElseGet(RepositoryState::initial);
  }

  private Optional<RepositoryState> select(String job, String apiUrl, String repository)
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(SELECT_REPOSITORY)) {
      setKey(statement, job, apiUrl, repository);
      try (ResultSet resultSet = statement.executeQuery()) {
        if (!resultSet.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new RepositoryState(
                instant(resultSet.getTimestamp(1)),
                Optional.ofNullable(resultSet.getString(2)),
                instant(resultSet.getTimestamp(3))));
      }
    }
  }

  /** Takes over the repository's unowned state, if any; returns the repository rows taken. */
  private int adopt(String job, String apiUrl, String repository) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement repositories = connection.prepareStatement(ADOPT_REPOSITORY);
          PreparedStatement pullRequests = connection.prepareStatement(ADOPT_PULL_REQUESTS)) {
        setKey(repositories, job, apiUrl, repository);
        int adopted = repositories.executeUpdate();
        if (adopted > 0) {
          setKey(pullRequests, job, apiUrl, repository);
          pullRequests.executeUpdate();
        }
        connection.commit();
        return adopted;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  public void saveState(
      String job, String apiUrl, String repository, RepositoryState state, Optional<String> error)
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(UPSERT_REPOSITORY)) {
      setKey(statement, job, apiUrl, repository);
      statement.setTimestamp(4, state.cursor().map(Timestamp::from).orElse(null));
      statement.setString(5, state.etag().orElse(null));
      statement.setTimestamp(6, state.blockedUntil().map(Timestamp::from).orElse(null));
      statement.setString(7, error.orElse(null));
      statement.executeUpdate();
    }
  }

  /** Deletes the state of every job not in {@code jobs}; returns the repositories forgotten. */
  public int retainOnly(Set<String> jobs) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement repositories = connection.prepareStatement(FORGET_REPOSITORIES);
          PreparedStatement pullRequests = connection.prepareStatement(FORGET_PULL_REQUESTS)) {
        repositories.setArray(1, connection.createArrayOf("text", jobs.toArray()));
        pullRequests.setArray(1, connection.createArrayOf("text", jobs.toArray()));
        int forgotten = repositories.executeUpdate();
        pullRequests.executeUpdate();
        try (PreparedStatement owners = connection.prepareStatement(FORGET_OWNERS)) {
          owners.setArray(1, connection.createArrayOf("text", jobs.toArray()));
          owners.executeUpdate();
        }
        connection.commit();
        return forgotten;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /** An owner's repositories as {@code job} last listed them, and the listing's ETag. */
  public record OwnerListing(Optional<String> etag, List<String> repositories) {
    public OwnerListing {
      requireNonNull(etag, "etag is null");
      repositories = List.copyOf(repositories);
    }
  }

  public Optional<OwnerListing> ownerListing(String job, String apiUrl, String owner)
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(SELECT_OWNER)) {
      setKey(statement, job, apiUrl, owner);
      try (ResultSet resultSet = statement.executeQuery()) {
        if (!resultSet.next()) {
          return Optional.empty();
        }
        String[] names = (String[]) resultSet.getArray(2).getArray();
        return Optional.of(
            new OwnerListing(Optional.ofNullable(resultSet.getString(1)), List.of(names)));
      }
    }
  }

  public void saveOwnerListing(String job, String apiUrl, String owner, OwnerListing listing)
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(UPSERT_OWNER)) {
      setKey(statement, job, apiUrl, owner);
      statement.setString(4, listing.etag().orElse(null));
      statement.setArray(5, connection.createArrayOf("text", listing.repositories().toArray()));
      statement.executeUpdate();
    }
  }

  private static void setKey(
      PreparedStatement statement, String job, String apiUrl, String repository)
      throws SQLException {
    statement.setString(1, job);
    statement.setString(2, apiUrl);
    statement.setString(3, repository);
  }

  /**
   * Stores {@code seen} and enqueues on {@code queue} the messages that {@code messages} makes of
   * the change from the stored state, all in one transaction. Returns how many messages it
   * enqueued, and whether the pull request was new. A {@code dryRun} rolls all of it back and
   * answers the same.
   */
  public Outcome record(
      String job,
      String apiUrl,
      String repository,
      PullRequest seen,
      String queue,
      Function<Optional<PullRequest>, List<NewMessage>> messages,
      boolean dryRun)
      throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        Outcome outcome = record(connection, job, apiUrl, repository, seen, queue, messages);
        if (dryRun) {
          connection.rollback();
        } else {
          connection.commit();
        }
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
      String job,
      String apiUrl,
      String repository,
      PullRequest seen,
      String queue,
      Function<Optional<PullRequest>, List<NewMessage>> messages)
      throws SQLException {
    boolean discovered;
    try (PreparedStatement insert = connection.prepareStatement(INSERT_NEW)) {
      setKey(insert, job, apiUrl, repository);
      insert.setInt(4, seen.number());
      insert.setString(5, seen.title());
      insert.setTimestamp(6, Timestamp.from(seen.updatedAt()));
      discovered = insert.executeUpdate() == 1;
    }
    Optional<PullRequest> before = Optional.empty();
    try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
      setKey(lock, job, apiUrl, repository);
      lock.setInt(4, seen.number());
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
      update.setString(9, job);
      update.setString(10, apiUrl);
      update.setString(11, repository);
      update.setInt(12, seen.number());
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
