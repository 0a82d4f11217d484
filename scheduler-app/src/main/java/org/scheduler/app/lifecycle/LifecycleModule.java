package org.scheduler.app.lifecycle;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;

/** The lifecycle manager, and the set of services other modules add to. */
public final class LifecycleModule extends AbstractModule {
  @Override
  protected void configure() {
    services(binder());
    bind(LifecycleManager.class).in(Scopes.SINGLETON);
  }

  public static Multibinder<Service> services(Binder binder) {
    return Multibinder.newSetBinder(binder, Service.class);
  }
}
