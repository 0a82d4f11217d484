package org.scheduler.app.conf;

import java.util.Arrays;
import java.util.Optional;

/** What a trigger does about slots it missed (node down, all threads busy) beyond the threshold. */
public enum MisfirePolicy {
  /** Run once now for all the missed slots, then go on with the schedule. */
  FIRE_NOW("fire-now"),
  /** Record the missed slots and wait for the next one. */
  SKIP("skip"),
  /** Run once for every missed slot, one after another. */
  FIRE_ALL("fire-all");

  private final String confName;

  MisfirePolicy(String confName) {
    this.confName = confName;
  }

  public String confName() {
    return confName;
  }

  public static Optional<MisfirePolicy> fromConf(String value) {
    return Arrays.stream(values()).filter(policy -> policy.confName.equals(value)).findFirst();
  }
}
