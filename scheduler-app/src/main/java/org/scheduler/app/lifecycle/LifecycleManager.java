package org.scheduler.app.lifecycle;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts every {@link Service} in phase order and stops the started ones in reverse. If one fails
 * to start, those already started are stopped before the failure is rethrown. Stopping twice is
 * harmless.
 */
public final class LifecycleManager {
  private static final Logger log = LoggerFactory.getLogger(LifecycleManager.class);

  public enum State {
    NEW,
    STARTING,
    STARTED,
    STOPPING,
    STOPPED
  }

  private final List<Service> services;
  private final Deque<Service> started = new ArrayDeque<>();
  private State state = State.NEW;

  @Inject
  public LifecycleManager(Set<Service> services) {
    this.services =
        requireNonNull(services, "services is null").stream()
            .sorted(Comparator.comparing(Service::phase))
            .toList();
  }

  public synchronized State state() {
    return state;
  }

  public synchronized void start() throws Exception {
    start(Service.Phase.values()[Service.Phase.values().length - 1]);
  }

  /** Starts the services up to and including {@code lastPhase}, for commands that need less. */
  public synchronized void start(Service.Phase lastPhase) throws Exception {
    if (state != State.NEW) {
      throw new IllegalStateException("already " + state);
    }
    state = State.STARTING;
    for (Service service : services) {
      if (service.phase().compareTo(lastPhase) > 0) {
        break;
      }
      try {
        log.debug("Starting {}", service.name());
        service.start();
        started.push(service);
      } catch (Exception | Error e) {
        log.error("{} failed to start; stopping what was started", service.name());
        stop();
        throw e;
      }
    }
    state = State.STARTED;
  }

  public synchronized void stop() {
    if (state == State.STOPPING || state == State.STOPPED) {
      return;
    }
    state = State.STOPPING;
    while (!started.isEmpty()) {
      Service service = started.pop();
      try {
        log.debug("Stopping {}", service.name());
        service.stop();
      } catch (Exception | Error e) {
        log.warn("{} did not stop cleanly", service.name(), e);
      }
    }
    state = State.STOPPED;
  }
}
