package io.breakwater.dataplane.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.breakwater.dataplane.config.ConfigSchema.Key;
import io.breakwater.dataplane.config.TreeReader.Fields;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the lists that name HTTP outcomes: status lists ({@code expectStatus}, {@code
 * errorStatuses}) and {@code retryOn}. Each bad entry is reported at its index, with the rules
 * {@link PolicyValidator} applies to models built in code.
 */
final class ConditionReader {

  private ConditionReader() {}

  /**
   * Status codes ({@code 200}, {@code "200"}) and ranges ({@code "200-299"}). Every bad entry is
   * reported; then the whole list is, as if it were absent.
   */
  static List<StatusRange> statuses(TreeReader r, Fields f, Key k) {
    List<JsonNode> elements = f.elements(k.name());
    if (elements == null) {
      return null;
    }
    String path = f.pathOf(k.name());
    if (elements.size() < k.min()) {
      r.error(path, "[] (expected: at least one status)");
      return null;
    }
    List<StatusRange> out = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < elements.size(); i++) {
      StatusRange range = statusRange(elements.get(i));
      String problem =
          range == null
              ? TreeReader.describe(elements.get(i)) + " (expected: " + STATUS_SYNTAX + ")"
              : PolicyValidator.statusProblem(range);
      if (problem != null) {
        r.error(path + "[" + i + "]", problem);
        ok = false;
      } else {
        out.add(range);
      }
    }
    return ok ? out : null;
  }

  static final String STATUS_SYNTAX = "a status such as 200, or a range such as \"200-299\"";

  /** The range a list entry spells, unchecked; {@code null} when it spells none. */
  private static StatusRange statusRange(JsonNode e) {
    if (e.isIntegralNumber() && e.canConvertToInt()) {
      return new StatusRange(e.intValue(), e.intValue());
    }
    if (!e.isTextual()) {
      return null;
    }
    String[] parts = e.asText().split("-", -1);
    if (parts.length > 2 || !isCode(parts[0]) || !isCode(parts[parts.length - 1])) {
      return null;
    }
    return new StatusRange(Integer.parseInt(parts[0]), Integer.parseInt(parts[parts.length - 1]));
  }

  private static boolean isCode(String s) {
    return s.length() == 3 && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** Failure kinds and statuses of {@code retryOn}, the keywords expanded. */
  record RetryOn(Set<Retries.On> on, Set<Integer> statuses) {}

  /**
   * The {@code retryOn} list, expanded; every bad entry is reported, then the list as if absent.
   */
  static RetryOn retryOn(TreeReader r, Fields f, Key k) {
    List<JsonNode> elements = f.elements(k.name());
    if (elements == null) {
      return null;
    }
    String path = f.pathOf(k.name());
    if (elements.isEmpty()) {
      r.error(path, "[] (expected: at least one condition, or [none])");
      return null;
    }
    Set<Retries.On> on = EnumSet.noneOf(Retries.On.class);
    Set<Integer> statuses = new HashSet<>();
    boolean ok = true;
    for (int i = 0; i < elements.size(); i++) {
      JsonNode e = elements.get(i);
      String problem = retryCondition(e, k, on, statuses);
      if (problem == null && isNone(e) && !elements.stream().allMatch(ConditionReader::isNone)) {
        problem = "\"none\" cannot be combined with other conditions (expected: none alone)";
      }
      if (problem != null) {
        r.error(path + "[" + i + "]", problem);
        ok = false;
      }
    }
    return ok ? new RetryOn(on, statuses) : null;
  }

  /** Adds what the entry stands for to the sets; what is wrong with it, or {@code null}. */
  private static String retryCondition(
      JsonNode e, Key k, Set<Retries.On> on, Set<Integer> statuses) {
    String text = e.isTextual() ? e.asText() : e.isIntegralNumber() ? e.asText() : null;
    if (text != null && isCode(text)) {
      int status = Integer.parseInt(text);
      String problem = PolicyValidator.retryStatusProblem(status);
      if (problem == null) {
        statuses.add(status);
      }
      return problem;
    }
    if (e.isTextual()) {
      for (Retries.On o : Retries.On.values()) {
        if (o.configName().equals(text)) {
          on.add(o);
          return null;
        }
      }
      if (text.equals(ConfigSchema.ALL_RETRYABLE_ERRORS)) {
        on.addAll(EnumSet.allOf(Retries.On.class));
        statuses.addAll(ConfigSchema.ALL_RETRYABLE_ERROR_STATUSES);
        return null;
      }
      if (text.equals(ConfigSchema.RETRY_ON_NONE)) {
        return null;
      }
    }
    String hint = e.isTextual() ? Texts.closest(text, k.values()) : null;
    return TreeReader.describe(e)
        + " is not a retry-on keyword or status"
        + (hint != null ? ", did you mean " + hint + "?" : "")
        + " (expected: one of "
        + String.join(", ", k.values())
        + ", or a status: "
        + ConfigSchema.retryableStatuses()
        + ")";
  }

  private static boolean isNone(JsonNode e) {
    return e.isTextual() && e.asText().equals(ConfigSchema.RETRY_ON_NONE);
  }
}
