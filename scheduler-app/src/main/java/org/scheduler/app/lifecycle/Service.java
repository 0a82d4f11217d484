package org.scheduler.app.lifecycle;

/** A part of the node that runs threads or holds resources between start and stop. */
public interface Service {
  /** Services start in phase order and stop in reverse. */
  enum Phase {
    DATABASE_SERVER,
    CONNECTION_POOL,
    SCHEMA,
    SCHEDULER,
    CONF_WATCHER,
    QUEUE_WORKERS,
    HTTP
  }

  Phase phase();

  void start() throws Exception;

  /** Stops within a bounded time; called once, and only after a successful start. */
  void stop() throws Exception;

  default String name() {
    return getClass().getSimpleName();
  }
}
