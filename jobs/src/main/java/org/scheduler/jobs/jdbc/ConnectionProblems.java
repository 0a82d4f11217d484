package org.scheduler.jobs.jdbc;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Tells what a restart or failover of PostgreSQL looks like from a client (a broken or refused
 * connection, the server shutting down or not accepting connections yet, a pool timeout, a write
 * sent to a server that has become read-only) from errors that repeating will not cure (constraint
 * or syntax errors).
 */
public final class ConnectionProblems {
  private ConnectionProblems() {}

  public static boolean isConnectionProblem(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08")
            || state.startsWith("57P")
            || state.equals("53300")
            || state.equals("25006")) {
          return true;
        }
      }
    }
    return false;
  }
}
