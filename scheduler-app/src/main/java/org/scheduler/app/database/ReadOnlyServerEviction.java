package org.scheduler.app.database;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * After a failover, a pooled connection may still be open to the old primary, now demoted to a
 * read-only standby: every write on it fails with SQLSTATE 25006, yet the connection itself is
 * healthy, so the pool would keep handing it out. Such a connection is evicted, and its successor
 * is opened on the new primary ({@code targetServerType=primary} in the JDBC URL).
 */
public final class ReadOnlyServerEviction implements SQLExceptionOverride {
  @java.lang.Override
  public SQLExceptionOverride.Override adjudicate(SQLException error) {
    return "25006".equals(error.getSQLState())
        ? SQLExceptionOverride.Override.MUST_EVICT
        : SQLExceptionOverride.Override.CONTINUE_EVICT;
  }
}
