package org.scheduler.app.cli;

import sun.misc.Signal;

/**
 * Runs the node's stop on SIGTERM and SIGINT before the JVM's shutdown hooks. Libraries register
 * hooks of their own (the embedded PostgreSQL stops its server in one), and hooks run in no
 * particular order; stopping first means the scheduler finishes its work while the database is
 * still there.
 */
final class TerminationSignals {
  private TerminationSignals() {}

  static void onTermination(Runnable stop) {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> new Thread(stop, "stop-on-SIG" + name).start());
    }
  }
}
