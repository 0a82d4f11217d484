package org.scheduler.app.reload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Tells whether an edit of scheduler.yaml changed more than the queues' {@code limits}, the one
 * part that applies without a restart: both versions are compared as YAML values with every {@code
 * queues.<name>.limits} left out, so comments, order of keys and layout do not count.
 */
final class SchedulerYamlDiff {
  private SchedulerYamlDiff() {}

  /** The file's text, or empty when it cannot be read. */
  static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static boolean needsRestart(Optional<String> before, Optional<String> after) {
    if (before.isEmpty() || after.isEmpty()) {
      return !before.equals(after);
    }
    try {
      return !Objects.equals(withoutLimits(before.get()), withoutLimits(after.get()));
    } catch (YAMLException e) {
      return true; // unreadable: whatever it meant, it is not applied without a restart
    }
  }

  private static Object withoutLimits(String text) {
    Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    if (root instanceof Map<?, ?> top && top.get("queues") instanceof Map<?, ?> queues) {
      for (Object queue : queues.values()) {
        if (queue instanceof Map<?, ?> settings) {
          settings.remove("limits");
        }
      }
    }
    return root;
  }
}
