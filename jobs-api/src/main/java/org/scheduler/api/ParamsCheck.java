package org.scheduler.api;

import java.util.function.Consumer;

/**
 * Rules across a job's params, run once every param has its kind. A check named by class ({@link
 * JobType.Builder#check(Class)}) is built through Guice, so it may inject the node's configuration
 * (which queues exist, say) instead of capturing it when the module is configured.
 */
@FunctionalInterface
public interface ParamsCheck {
  /** Sends each problem, naming its param, to {@code errors}. */
  void check(JobParams params, Consumer<String> errors);
}
