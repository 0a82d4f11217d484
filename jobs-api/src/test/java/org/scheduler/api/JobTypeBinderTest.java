package org.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scheduler.api.JobTypeBinder.jobTypeBinder;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

class JobTypeBinderTest {
  @Test
  void aCheckNamedByClassIsBuiltByGuiceWithWhatItInjects() {
    Map<String, JobType> types =
        Guice.createInjector(
                binder -> {
                  binder.requireExplicitBindings();
                  binder.bind(Limit.class).toInstance(new Limit(3));
                  jobTypeBinder(binder)
                      .bind(
                          JobType.builder("counted", CountedJob.class)
                              .param(ParamSpec.required("count", ParamKind.INTEGER, "how many"))
                              .check(AtMostLimit.class)
                              .build());
                })
            .getInstance(Key.get(new TypeLiteral<Map<String, JobType>>() {}));

    List<String> errors = new ArrayList<>();
    types.get("counted").check(new JobParams(Map.of("count", 5L)), errors::add);

    assertThat(errors).containsExactly("params.count: at most 3");
  }

  @Test
  void aCheckGivenAsALambdaNeedsNoInjector() {
    JobType type =
        JobType.builder("plain", CountedJob.class)
            .check((params, errors) -> errors.accept("always"))
            .build();
    List<String> errors = new ArrayList<>();

    type.check(JobParams.empty(), errors::add);

    assertThat(errors).containsExactly("always");
  }

  @Test
  void aCheckClassThatWasNeverBoundRefusesRatherThanPassingEveryJob() {
    JobType unbound = JobType.builder("counted", CountedJob.class).check(AtMostLimit.class).build();

    assertThatThrownBy(() -> unbound.check(new JobParams(Map.of("count", 5L)), message -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("register the type with JobTypeBinder");
  }

  record Limit(long value) {}

  static final class AtMostLimit implements ParamsCheck {
    private final Limit limit;

    @Inject
    AtMostLimit(Limit limit) {
      this.limit = limit;
    }

    @Override
    public void check(JobParams params, Consumer<String> errors) {
      if (params.integer("count") > limit.value()) {
        errors.accept("params.count: at most " + limit.value());
      }
    }
  }

  public static final class CountedJob implements Job {
    @Override
    public void execute(JobExecutionContext context) {}
  }
}
