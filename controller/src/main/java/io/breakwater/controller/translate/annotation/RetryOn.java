package io.breakwater.controller.translate.annotation;

import io.breakwater.dataplane.config.Retries;
import io.breakwater.dataplane.config.Texts;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The failures a retry policy retries, spelled as in the config's {@code retryOn}: the keywords
 * {@code conn-failure}, {@code empty-response}, {@code junk-response}, {@code response-timeout}, a
 * retryable status, {@code all-retryable-errors} (the four keywords and 500, 502, 503, 504) or
 * {@code none} alone.
 *
 * @param on the failure kinds
 * @param statuses the response statuses
 */
public record RetryOn(Set<Retries.On> on, Set<Integer> statuses) {

  /** The statuses {@code all-retryable-errors} stands for, as in the config file. */
  static final Set<Integer> ALL_RETRYABLE_ERROR_STATUSES = Set.of(500, 502, 503, 504);

  public RetryOn {
    on = on.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(on));
    statuses = Set.copyOf(statuses);
  }

  /** The keywords, in the order the reference lists them. */
  public static List<String> keywords() {
    List<String> words = new ArrayList<>();
    for (Retries.On o : Retries.On.values()) {
      words.add(o.configName());
    }
    words.add("all-retryable-errors");
    words.add("none");
    return words;
  }

  /** A comma-separated list, as the {@code retry-on} annotation takes it. */
  public static RetryOn parse(String text) {
    List<String> entries = new ArrayList<>();
    for (String e : text.split(",", -1)) {
      entries.add(e.strip());
    }
    return parse(entries);
  }

  /** A list of conditions, as a RetryPolicy's {@code retryOn} holds them. */
  public static RetryOn parse(List<String> entries) {
    if (entries.isEmpty() || entries.stream().allMatch(String::isEmpty)) {
      throw new InvalidValueException(
          "no conditions (expected: at least one condition, or none alone)");
    }
    Set<Retries.On> on = EnumSet.noneOf(Retries.On.class);
    Set<Integer> statuses = new TreeSet<>();
    boolean none = false;
    for (String e : entries) {
      if (e.equals("none")) {
        none = true;
      } else if (e.equals("all-retryable-errors")) {
        on.addAll(EnumSet.allOf(Retries.On.class));
        statuses.addAll(ALL_RETRYABLE_ERROR_STATUSES);
      } else if (e.matches("[0-9]{3}")) {
        int status = Integer.parseInt(e);
        if (!Retries.RETRYABLE_STATUSES.contains(status)) {
          throw new InvalidValueException(
              e + " is not a retryable status (expected: one of " + retryableStatuses() + ")");
        }
        statuses.add(status);
      } else {
        Retries.On kind = kind(e);
        if (kind == null) {
          String hint = Texts.closest(e, keywords());
          throw new InvalidValueException(
              Texts.quote(e)
                  + " is not a retry-on keyword or status"
                  + (hint != null ? ", did you mean " + hint + "?" : "")
                  + " (expected: one of "
                  + String.join(", ", keywords())
                  + ", or a status: "
                  + retryableStatuses()
                  + ")");
        }
        on.add(kind);
      }
    }
    if (none && entries.size() > 1) {
      throw new InvalidValueException(
          "\"none\" cannot be combined with other conditions (expected: none alone)");
    }
    return new RetryOn(on, statuses);
  }

  private static Retries.On kind(String word) {
    for (Retries.On o : Retries.On.values()) {
      if (o.configName().equals(word)) {
        return o;
      }
    }
    return null;
  }

  private static String retryableStatuses() {
    return String.join(
        " ", new TreeSet<>(Retries.RETRYABLE_STATUSES).stream().map(String::valueOf).toList());
  }
}
