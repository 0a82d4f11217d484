package org.scheduler.app.quartz;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/** Gives Quartz connections from the node's one pool. */
final class PooledConnectionProvider implements ConnectionProvider {
  private final DataSource dataSource;

  PooledConnectionProvider(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  @Override
  public Connection getConnection() throws SQLException {
    return dataSource.getConnection();
  }

  @Override
  public void initialize() {}

  /** Quartz calls this on its own shutdown; the pool belongs to the node and closes later. */
  @Override
  public void shutdown() {}
}
