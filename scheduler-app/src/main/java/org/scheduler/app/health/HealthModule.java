package org.scheduler.app.health;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.multibindings.Multibinder;

/** The readiness checks other modules add to. */
public final class HealthModule extends AbstractModule {
  @Override
  protected void configure() {
    checks(binder());
  }

  public static Multibinder<ReadinessCheck> checks(Binder binder) {
    return Multibinder.newSetBinder(binder, ReadinessCheck.class);
  }
}
