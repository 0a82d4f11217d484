package org.scheduler.api;

import com.google.inject.Binder;
import com.google.inject.multibindings.Multibinder;

/**
 * Registers pruners, which the {@code cleanup} job runs, from the node's modules or an extension's.
 */
public final class PrunerBinder {
  private PrunerBinder() {}

  public static Multibinder<Pruner> pruners(Binder binder) {
    return Multibinder.newSetBinder(binder, Pruner.class);
  }
}
