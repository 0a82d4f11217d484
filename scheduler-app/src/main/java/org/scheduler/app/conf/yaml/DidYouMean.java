package org.scheduler.app.conf.yaml;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** Suggests the known word closest to a misspelt one. */
public final class DidYouMean {
  private DidYouMean() {}

  public static Optional<String> closest(String word, Collection<String> known) {
    String lower = word.toLowerCase(Locale.ROOT);
    return known.stream()
        .min(
            Comparator.comparingInt(
                candidate -> distance(lower, candidate.toLowerCase(Locale.ROOT))))
        .filter(
            candidate ->
                distance(lower, candidate.toLowerCase(Locale.ROOT))
                    <= Math.max(2, candidate.length() / 3));
  }

  public static String hint(String word, Collection<String> known) {
    return closest(word, known)
        .map(candidate -> " (did you mean '" + candidate + "'?)")
        .orElseGet(() -> known.isEmpty() ? "" : " (known: " + String.join(", ", known) + ")");
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
