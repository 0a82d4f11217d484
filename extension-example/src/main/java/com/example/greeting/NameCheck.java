package com.example.greeting;

import java.util.function.Consumer;
import org.scheduler.api.JobParams;
import org.scheduler.api.ParamsCheck;

/** A greeting is for one person: a list of names is a mistake worth reporting at load time. */
public final class NameCheck implements ParamsCheck {
  @Override
  public void check(JobParams params, Consumer<String> errors) {
    if (params.string(GreetingJob.NAME).contains(",")) {
      errors.accept("params.name: one name, without ','; write one job per person");
    }
  }
}
