package org.scheduler.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} pairs, and flags that stand alone, from a bench main's arguments. */
final class BenchOptions {
  private BenchOptions() {}

  static Map<String, String> parse(String[] args, Set<String> flags) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (flags.contains(args[i])) {
        options.put(args[i], "true");
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        options.put(args[i], args[++i]);
      } else {
        throw new IllegalArgumentException(
            "unknown argument " + args[i] + "; see the class comment");
      }
    }
    return options;
  }
}
