package org.scheduler.jobs.spi;

import static java.util.Objects.requireNonNull;

import com.google.inject.Binder;
import com.google.inject.multibindings.MapBinder;

/**
 * Registers job types with the server, keyed by the name {@code jobs.yaml} uses. Call it from a
 * Guice module; an extension jar lists its module in {@code
 * META-INF/services/com.google.inject.Module}.
 */
public final class JobTypeBinder {
  private final Binder binder;

  private JobTypeBinder(Binder binder) {
    this.binder = requireNonNull(binder, "binder is null");
  }

  public static JobTypeBinder jobTypeBinder(Binder binder) {
    return new JobTypeBinder(binder);
  }

  /** The map every module adds to; the server reads it whole. */
  public static MapBinder<String, JobType> jobTypes(Binder binder) {
    return MapBinder.newMapBinder(binder, String.class, JobType.class);
  }

  public JobTypeBinder bind(JobType type) {
    requireNonNull(type, "type is null");
    jobTypes(binder).addBinding(type.name()).toInstance(type);
    binder.bind(type.jobClass());
    return this;
  }
}
