package org.scheduler.app.health;

import java.util.Optional;

/** One condition for {@code /health/ready}; the load balancer sends traffic only when all hold. */
public interface ReadinessCheck {
  String name();

  /** Empty when ready; otherwise what is wrong, for the operator. */
  Optional<String> problem();

  /**
   * Something the operator should know that is no reason to take the node out of service (every
   * node would report it, and the load balancer would be left with none).
   */
  default Optional<String> warning() {
    return Optional.empty();
  }
}
