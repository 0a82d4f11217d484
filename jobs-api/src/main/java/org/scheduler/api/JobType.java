package org.scheduler.api;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.quartz.Job;

/**
 * A kind of job that {@code jobs.yaml} names in {@code type}: the Quartz job class that runs it
 * (built through Guice for every run, so it can inject what it needs) and the params it takes.
 * Register one with {@link JobTypeBinder}.
 */
public final class JobType {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

  private final String name;
  private final Class<? extends Job> jobClass;
  private final List<ParamSpec> params;
  private final ParamsCheck check;
  private final Optional<Class<? extends ParamsCheck>> checkClass;
  private final boolean recoverable;

  private JobType(Builder builder) {
    this.name = builder.name;
    this.jobClass = builder.jobClass;
    this.params = List.copyOf(builder.params);
    this.checkClass = builder.checkClass;
    this.check =
        builder.checkClass.isEmpty()
            ? builder.check
            : (jobParams, errors) -> {
              // a check that was never built must not pass every job unchecked
              throw new IllegalStateException(
                  "job type "
                      + builder.name
                      + ": its check "
                      + builder.checkClass.get().getName()
                      + " is built by Guice; register the type with JobTypeBinder");
            };
    this.recoverable = builder.recoverable;
  }

  private JobType(JobType type, ParamsCheck check) {
    this.name = type.name;
    this.jobClass = type.jobClass;
    this.params = type.params;
    this.check = check;
    this.checkClass = Optional.empty();
    this.recoverable = type.recoverable;
  }

  public static Builder builder(String name, Class<? extends Job> jobClass) {
    return new Builder(name, jobClass);
  }

  public String name() {
    return name;
  }

  public Class<? extends Job> jobClass() {
    return jobClass;
  }

  public List<ParamSpec> params() {
    return params;
  }

  public Optional<ParamSpec> param(String paramName) {
    return params.stream().filter(spec -> spec.name().equals(paramName)).findFirst();
  }

  /**
   * Rules across params, run once every param has its kind; each problem goes to {@code errors}.
   */
  public void check(JobParams jobParams, Consumer<String> errors) {
    check.check(jobParams, errors);
  }

  /** The check class to build through Guice, until {@link JobTypeBinder} has bound it. */
  Optional<Class<? extends ParamsCheck>> checkClass() {
    return checkClass;
  }

  /** This type with {@code check} as its cross-param rules. */
  JobType withCheck(ParamsCheck newCheck) {
    return new JobType(this, requireNonNull(newCheck, "newCheck is null"));
  }

  /** Whether a run cut short by its node's death is run again by another node. */
  public boolean recoverable() {
    return recoverable;
  }

  public static final class Builder {
    private final String name;
    private final Class<? extends Job> jobClass;
    private final List<ParamSpec> params = new ArrayList<>();
    private ParamsCheck check = (jobParams, errors) -> {};
    private Optional<Class<? extends ParamsCheck>> checkClass = Optional.empty();
    private boolean recoverable = true;

    private Builder(String name, Class<? extends Job> jobClass) {
      this.name = requireNonNull(name, "name is null");
      this.jobClass = requireNonNull(jobClass, "jobClass is null");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "job type name '" + name + "' must match " + NAME.pattern());
      }
    }

    public Builder param(ParamSpec spec) {
      requireNonNull(spec, "spec is null");
      if (params.stream().anyMatch(existing -> existing.name().equals(spec.name()))) {
        throw new IllegalArgumentException("param " + spec.name() + " declared twice");
      }
      params.add(spec);
      return this;
    }

    /** Rules across params that need nothing from the node. */
    public Builder check(ParamsCheck check) {
      this.check = requireNonNull(check, "check is null");
      this.checkClass = Optional.empty();
      return this;
    }

    /** Rules across params, built through Guice when the node starts. */
    public Builder check(Class<? extends ParamsCheck> checkClass) {
      this.checkClass = Optional.of(requireNonNull(checkClass, "checkClass is null"));
      return this;
    }

    public Builder recoverable(boolean recoverable) {
      this.recoverable = recoverable;
      return this;
    }

    public JobType build() {
      return new JobType(this);
    }
  }
}
