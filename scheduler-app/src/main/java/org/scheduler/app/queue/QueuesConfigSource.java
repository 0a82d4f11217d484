package org.scheduler.app.queue;

import org.scheduler.app.conf.yaml.ConfException;
import org.scheduler.jobs.queue.QueuesConfig;

/**
 * The {@code queues} of scheduler.yaml as the file is now, read and validated whole as at start.
 */
public interface QueuesConfigSource {
  QueuesConfig read() throws ConfException;
}
