package com.example.greeting;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The greetings this node's handler has received, newest last. */
public final class Greetings {
  private final List<String> received = new CopyOnWriteArrayList<>();

  void add(String greeting) {
    received.add(greeting);
  }

  public List<String> received() {
    return List.copyOf(received);
  }
}
