package org.scheduler.api;

import com.google.inject.Binder;
import com.google.inject.multibindings.Multibinder;

/** Registers {@link JobState}s from the node's modules or an extension's. */
public final class JobStateBinder {
  private JobStateBinder() {}

  public static Multibinder<JobState> jobStates(Binder binder) {
    return Multibinder.newSetBinder(binder, JobState.class);
  }
}
