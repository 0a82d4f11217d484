package org.scheduler.app.database;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.inject.Inject;
import org.scheduler.app.lifecycle.Service;

/** Closes the node's one connection pool after everything that uses it has stopped. */
public final class ConnectionPoolService implements Service {
  private final HikariDataSource dataSource;

  @Inject
  public ConnectionPoolService(HikariDataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  @Override
  public Phase phase() {
    return Phase.CONNECTION_POOL;
  }

  @Override
  public void start() {
    // the pool opens connections on first use
  }

  @Override
  public void stop() {
    dataSource.close();
  }
}
