package org.scheduler.jobs.queue.handlers;

import static org.scheduler.api.MessageHandlerBinder.messageHandlers;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/** The built-in message handlers: {@code log} and {@code webhook}. */
public final class MessageHandlersModule extends AbstractModule {
  @Override
  protected void configure() {
    messageHandlers(binder()).addBinding(LogHandler.TYPE).to(LogHandler.class).in(Scopes.SINGLETON);
    messageHandlers(binder())
        .addBinding(WebhookHandler.TYPE)
        .to(WebhookHandler.class)
        .in(Scopes.SINGLETON);
  }
}
