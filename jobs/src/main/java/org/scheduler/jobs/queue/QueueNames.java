package org.scheduler.jobs.queue;

import java.util.regex.Pattern;

/** What queue names, message types and dedupe keys may look like, checked before any SQL. */
public final class QueueNames {
  private static final Pattern QUEUE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");
  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
  private static final int MAX_DEDUPE_KEY = 256;

  private QueueNames() {}

  public static boolean isValidQueue(String name) {
    return name != null && QUEUE.matcher(name).matches();
  }

  public static boolean isValidType(String type) {
    return type != null && TYPE.matcher(type).matches();
  }

  public static boolean isValidDedupeKey(String key) {
    return key != null
        && !key.isEmpty()
        && key.length() <= MAX_DEDUPE_KEY
        && key.indexOf('\u0000') < 0
        && isWellFormed(key);
  }

  /** No unpaired surrogate, which the driver would store as '?' and so merge distinct keys. */
  private static boolean isWellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  public static String queueRule() {
    return "1 to 63 of a-z, 0-9, '_', '.', '-', starting with a letter or digit";
  }

  public static String typeRule() {
    return "1 to 128 of A-Z, a-z, 0-9, '_', '.', ':', '-', starting with a letter or digit";
  }

  public static String dedupeKeyRule() {
    return "1 to " + MAX_DEDUPE_KEY + " characters, without NUL or unpaired surrogates";
  }
}
