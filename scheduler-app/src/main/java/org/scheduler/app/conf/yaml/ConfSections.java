package org.scheduler.app.conf.yaml;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * A conf file of top-level sections, each read by the capability it configures: a module asks for
 * its section with its own reader, and this file knows none of them. Every section's errors go to
 * one list, so {@link #finish()} reports the whole file at once, unknown sections included.
 */
public final class ConfSections {
  // credentials inside URLs, masked in the logged configuration
  private static final Pattern URL_USER_INFO = Pattern.compile("//[^/@\\s,\\]]+@");
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&,\\]\\s]*");

  private final Path file;
  private final ConfMapping root;
  private final Map<String, ConfMapping> mappings = new LinkedHashMap<>();
  private final Map<String, Object> values = new LinkedHashMap<>();

  private ConfSections(Path file, ConfMapping root) {
    this.file = requireNonNull(file, "file is null");
    this.root = requireNonNull(root, "root is null");
  }

  /** Parses the file; a missing or malformed file is an error reported by {@link #finish()}. */
  public static ConfSections read(Path file, EnvSubstitution env) {
    ConfErrors errors = new ConfErrors(file.toString());
    ConfMapping root =
        YamlFile.read(file, errors)
            .map(node -> ConfMapping.of(node, "", errors, env))
            .orElseGet(() -> ConfMapping.empty("", errors, env));
    return new ConfSections(file, root);
  }

  /** Every section at its defaults, as if the file were empty. */
  public static ConfSections empty(Path file, EnvSubstitution env) {
    return new ConfSections(file, ConfMapping.empty("", new ConfErrors(file.toString()), env));
  }

  public Path file() {
    return file;
  }

  /**
   * Reads section {@code key} with the capability's own reader (absent reads as empty, so every key
   * takes its default). A bad value is recorded and the reader's default used.
   */
  public <T> T section(String key, Function<ConfMapping, T> reader) {
    if (mappings.containsKey(key)) {
      throw new IllegalStateException("section '" + key + "' is read twice");
    }
    ConfMapping mapping = root.mapping(key);
    mappings.put(key, mapping);
    T value = requireNonNull(reader.apply(mapping), "reader returned null");
    values.put(key, value);
    return value;
  }

  /** The line of {@code key} inside a section read before, for rules that span sections. */
  public int line(String section, String key) {
    ConfMapping mapping = mappings.get(section);
    if (mapping == null) {
      throw new IllegalStateException("section '" + section + "' was not read");
    }
    return mapping.line(key);
  }

  public void error(int line, String message) {
    root.errors().add(line, message);
  }

  /** Reports sections nobody read, then throws with every error of the file, if any. */
  public void finish() {
    root.finish();
    root.errors().throwIfAny();
  }

  /**
   * Logs the effective configuration once, one line per section, every value as the node uses it
   * (defaults and environment included). Tokens and passwords are masked by the sections' own
   * {@code toString}; credentials inside URLs (user info, {@code password=}) are masked here.
   */
  public void log(Logger log) {
    log.info("Effective configuration of {} (secrets masked):", file.toAbsolutePath());
    values.forEach((name, value) -> log.info("  {}: {}", name, masked(value.toString())));
  }

  static String masked(String text) {
    String withoutUserInfo = URL_USER_INFO.matcher(text).replaceAll("//****@");
    return PASSWORD_PARAMETER.matcher(withoutUserInfo).replaceAll("$1****");
  }
}
