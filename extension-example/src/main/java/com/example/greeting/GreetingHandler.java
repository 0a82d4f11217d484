package com.example.greeting;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import org.scheduler.api.Message;
import org.scheduler.api.MessageHandler;
import org.scheduler.api.PermanentFailureException;

/** Keeps each greeting; a message without one can never succeed and is dead-lettered. */
public final class GreetingHandler implements MessageHandler {
  private final Greetings greetings;

  @Inject
  public GreetingHandler(Greetings greetings) {
    this.greetings = requireNonNull(greetings, "greetings is null");
  }

  @Override
  public void handle(Message message) throws Exception {
    String greeting = message.payloadJson().path("greeting").asText("");
    if (greeting.isEmpty()) {
      throw new PermanentFailureException("no greeting in " + message.payload());
    }
    greetings.add(greeting);
  }
}
