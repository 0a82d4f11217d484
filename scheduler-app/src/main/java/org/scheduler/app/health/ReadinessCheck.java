package org.scheduler.app.health;

import java.util.Optional;

/** One condition for {@code /health/ready}; the load balancer sends traffic only when all hold. */
public interface ReadinessCheck {
  String name();

  /** Empty when ready; otherwise what is wrong, for the operator. */
  Optional<String> problem();
}
