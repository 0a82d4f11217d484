package org.scheduler.api;

import static java.util.Objects.requireNonNull;

import com.google.inject.Binder;
import com.google.inject.Provider;
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

  /**
   * Registers {@code type} and binds its job class (and its check class, when it names one), so
   * that Guice builds them.
   */
  public JobTypeBinder bind(JobType type) {
    requireNonNull(type, "type is null");
    JobType bound = type;
    if (type.checkClass().isPresent()) {
      Class<? extends ParamsCheck> checkClass = type.checkClass().get();
      binder.bind(checkClass);
      Provider<? extends ParamsCheck> check = binder.getProvider(checkClass);
      bound = type.withCheck((params, errors) -> check.get().check(params, errors));
    }
    jobTypes(binder).addBinding(type.name()).toInstance(bound);
    binder.bind(type.jobClass());
    return this;
  }
}
