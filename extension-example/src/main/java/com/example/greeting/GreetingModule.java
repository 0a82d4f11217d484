package com.example.greeting;

import static org.scheduler.api.JobTypeBinder.jobTypeBinder;
import static org.scheduler.api.MessageHandlerBinder.messageHandlers;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import org.scheduler.api.JobType;
import org.scheduler.api.ParamKind;
import org.scheduler.api.ParamSpec;

/**
 * The extension's one module, found by the node through {@code
 * META-INF/services/com.google.inject.Module}: a {@code greeting} job type that puts a greeting on
 * a queue, and the handler of those greetings.
 */
public final class GreetingModule extends AbstractModule {
  static final String TYPE = "greeting";
  static final String MESSAGE_TYPE = "greeting.sent";

  @Override
  protected void configure() {
    jobTypeBinder(binder())
        .bind(
            JobType.builder(TYPE, GreetingJob.class)
                .param(ParamSpec.required(GreetingJob.NAME, ParamKind.STRING, "who is greeted"))
                .param(
                    ParamSpec.required(
                        GreetingJob.QUEUE, ParamKind.STRING, "the queue the greeting goes on"))
                .check(NameCheck.class)
                .build());
    bind(Greetings.class).in(Scopes.SINGLETON);
    messageHandlers(binder()).addBinding(MESSAGE_TYPE).to(GreetingHandler.class);
  }
}
