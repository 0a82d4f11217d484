package org.scheduler.app.node;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.scheduler.app.health.ReadinessCheck;

/** Whether the node is draining; a draining node is not ready, so the load balancer moves on. */
public final class DrainState implements ReadinessCheck {
  private final AtomicBoolean draining = new AtomicBoolean();

  /** Returns true the first time. */
  public boolean start() {
    return draining.compareAndSet(false, true);
  }

  public boolean isDraining() {
    return draining.get();
  }

  @Override
  public String name() {
    return "draining";
  }

  @Override
  public Optional<String> problem() {
    return draining.get() ? Optional.of("node is draining") : Optional.empty();
  }
}
