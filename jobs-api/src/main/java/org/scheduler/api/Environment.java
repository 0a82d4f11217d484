package org.scheduler.api;

import java.util.Optional;

/** The node's environment variables, where secrets such as API tokens come from. */
@FunctionalInterface
public interface Environment {
  /** The variable's value; empty when unset or blank. */
  Optional<String> get(String name);
}
