package io.breakwater.dataplane.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.breakwater.dataplane.config.ConfigSchema.Key;
import io.breakwater.dataplane.config.ConfigSchema.Kind;
import io.breakwater.dataplane.config.ConfigSchema.Section;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * Typed, schema-checked access to a Jackson tree that records every problem with its path instead
 * of stopping at the first. A getter returns {@code null} both when a key is absent and when its
 * value was wrong (the error is then recorded), so the model builder simply falls back to the
 * default or a placeholder and carries on.
 */
final class TreeReader {

  private final List<ConfigError> errors = new ArrayList<>();

  List<ConfigError> errors() {
    return errors;
  }

  void error(String path, String message) {
    errors.add(new ConfigError(path, message));
  }

  /**
   * The map at {@code path}, checked against the section: unknown keys and missing required keys
   * are reported here. An absent or null node reads as an empty map (its required keys are not
   * missing: the map is); a node of another type is reported and reads as a map whose every getter
   * returns {@code null}.
   */
  Fields fields(JsonNode node, String path, Section section) {
    if (isAbsent(node)) {
      return new Fields(path, section, null);
    }
    if (!node.isObject()) {
      error(path, describe(node) + " (expected: map)");
      return new Fields(path, section, null);
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!section.has(name)) {
        String hint = Texts.closest(name, section.names());
        error(
            child(path, name),
            "unknown key"
                + (hint != null ? ", did you mean " + hint + "?" : "")
                + " (expected: one of "
                + String.join(", ", section.names())
                + ")");
      }
    }
    for (Key k : section.keys()) {
      if (k.required() && isAbsent(node.get(k.name()))) {
        error(child(path, k.name()), "missing (required)");
      }
    }
    return new Fields(path, section, node);
  }

  static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static boolean isAbsent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  /** A value as quoted in messages: strings in quotes, numbers as written, containers by kind. */
  static String describe(JsonNode node) {
    if (node.isTextual()) {
      return Texts.quote(node.asText());
    }
    if (node.isObject()) {
      return "a map";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isNull()) {
      return "null";
    }
    String text = node.asText();
    return text.length() > Texts.MAX_QUOTED ? text.substring(0, Texts.MAX_QUOTED) + "..." : text;
  }

  /** The keys of one map; each getter checks the key against the schema section. */
  final class Fields {
    private final String path;
    private final Section section;
    private final JsonNode node;

    private Fields(String path, Section section, JsonNode node) {
      this.path = path;
      this.section = section;
      this.node = node;
    }

    String pathOf(String name) {
      return child(path, name);
    }

    Section section() {
      return section;
    }

    /** Whether the map was written (as a map) in the document. */
    boolean present() {
      return node != null;
    }

    /** Whether the key is written here with a value, however wrong. */
    boolean written(String name) {
      section.key(name); // a key the schema lacks is a bug in the caller
      return node != null && !isAbsent(node.get(name));
    }

    String string(String name) {
      JsonNode v = value(name, Kind.STRING);
      if (v == null) {
        return null;
      }
      if (!v.isTextual()) {
        return wrongType(name, v);
      }
      return v.asText();
    }

    Integer integer(String name) {
      JsonNode v = value(name, Kind.INTEGER);
      if (v == null) {
        return null;
      }
      if (!v.isIntegralNumber()) {
        return wrongType(name, v);
      }
      if (!v.canConvertToInt()) {
        Key k = section.key(name);
        error(pathOf(name), describe(v) + " (expected: " + k.rangeText() + ")");
        return null;
      }
      return v.intValue();
    }

    /**
     * A {@link Kind#FILE_MODE}: a string of up to six octal digits, read as octal. Its range is
     * left to the validator. A number is refused, whatever it is, because it depends on the YAML
     * version whether an unquoted {@code 0600} is octal.
     */
    Integer fileMode(String name) {
      JsonNode v = value(name, Kind.FILE_MODE);
      if (v == null) {
        return null;
      }
      if (v.isNumber()) {
        error(
            pathOf(name),
            describe(v)
                + " (expected: an octal file mode in quotes, e.g. \"0600\"; unquoted, YAML reads"
                + " 0600 as the number 384)");
        return null;
      }
      if (!v.isTextual()) {
        return wrongType(name, v);
      }
      String text = v.asText();
      if (!text.matches("[0-7]{1,6}")) {
        error(pathOf(name), Texts.quote(text) + " is not an octal file mode (expected: e.g. 0600)");
        return null;
      }
      return Integer.parseInt(text, 8);
    }

    /**
     * {@link #integer} with the schema's range checked here, for values the model does not keep.
     */
    Integer integerInRange(String name) {
      Integer i = integer(name);
      String problem = i != null ? section.key(name).problem(i) : null;
      if (problem != null) {
        error(pathOf(name), problem);
        return null;
      }
      return i;
    }

    Boolean bool(String name) {
      JsonNode v = value(name, Kind.BOOLEAN);
      if (v == null) {
        return null;
      }
      if (!v.isBoolean()) {
        return wrongType(name, v);
      }
      return v.booleanValue();
    }

    /** A number in the schema's range; a whole number reads as a number too. */
    Double number(String name) {
      JsonNode v = value(name, Kind.NUMBER);
      if (v == null) {
        return null;
      }
      if (!v.isNumber()) {
        return wrongType(name, v);
      }
      String problem = section.key(name).problem(v.doubleValue());
      if (problem != null) {
        error(pathOf(name), problem);
        return null;
      }
      return v.doubleValue();
    }

    Duration duration(String name) {
      JsonNode v = value(name, Kind.DURATION);
      if (v == null) {
        return null;
      }
      if (v.isNumber()) {
        error(pathOf(name), describe(v) + " has no unit (" + Durations.EXPECTED + ")");
        return null;
      }
      if (!v.isTextual()) {
        return wrongType(name, v);
      }
      try {
        return Durations.parse(v.asText());
      } catch (IllegalArgumentException e) {
        error(pathOf(name), e.getMessage());
        return null;
      }
    }

    /**
     * {@link #duration} with the schema's range checked here, for values inherited further down
     * (see {@link PolicyReader}).
     */
    Duration durationInRange(String name) {
      Duration d = duration(name);
      String problem = d != null ? section.key(name).problem(d) : null;
      if (problem != null) {
        error(pathOf(name), problem);
        return null;
      }
      return d;
    }

    /**
     * The elements of a list of values ({@link Kind#STATUSES}, {@link Kind#RETRY_ON}); their paths
     * are {@code pathOf(name) + "[" + i + "]"}. {@code null} when absent or not a list.
     */
    List<JsonNode> elements(String name) {
      Key k = section.key(name);
      if (k.kind() != Kind.STATUSES && k.kind() != Kind.RETRY_ON) {
        throw new IllegalArgumentException(
            section.path() + "." + k.name() + " is a " + k.kind() + ", not a list of values");
      }
      JsonNode v = node == null ? null : node.get(name);
      if (isAbsent(v)) {
        return null;
      }
      if (!v.isArray()) {
        error(pathOf(name), describe(v) + " (expected: " + k.typeText() + ")");
        return null;
      }
      List<JsonNode> out = new ArrayList<>(v.size());
      v.forEach(out::add);
      return out;
    }

    /**
     * A {@link Kind#STRINGS} list; {@code null} when absent. An element that is not a string is
     * reported at {@code name[i]} and read as {@code ""}, so the others keep their indexes.
     */
    List<String> strings(String name) {
      JsonNode v = value(name, Kind.STRINGS);
      if (v == null) {
        return null;
      }
      if (!v.isArray()) {
        return wrongType(name, v);
      }
      List<String> out = new ArrayList<>(v.size());
      for (int i = 0; i < v.size(); i++) {
        JsonNode e = v.get(i);
        if (e.isTextual()) {
          out.add(e.asText());
        } else {
          String hint = e.isValueNode() && !e.isNull() ? "; quote it" : "";
          error(pathOf(name) + "[" + i + "]", describe(e) + " (expected: string" + hint + ")");
          out.add("");
        }
      }
      return out;
    }

    HostPort hostPort(String name) {
      JsonNode v = value(name, Kind.HOST_PORT);
      if (v == null) {
        return null;
      }
      if (!v.isTextual()) {
        return wrongType(name, v);
      }
      String problem = HostPort.problem(v.asText());
      if (problem != null) {
        error(pathOf(name), problem);
        return null;
      }
      return HostPort.parse(v.asText());
    }

    /** The enum constant spelled as the value; {@code byConfigName} returns null for no match. */
    <E> E enumeration(String name, Function<String, E> byConfigName) {
      JsonNode v = value(name, Kind.ENUM);
      if (v == null) {
        return null;
      }
      E e = v.isTextual() ? byConfigName.apply(v.asText()) : null;
      if (e == null) {
        Key k = section.key(name);
        String hint = v.isTextual() ? Texts.closest(v.asText(), k.values()) : null;
        error(
            pathOf(name),
            describe(v)
                + (hint != null ? ", did you mean " + hint + "?" : "")
                + " (expected: "
                + k.typeText()
                + ")");
      }
      return e;
    }

    Fields map(String name) {
      Key k = section.key(name);
      requireKind(k, Kind.MAP);
      return fields(node == null ? null : node.get(name), pathOf(name), k.section());
    }

    /**
     * The maps of a list. An element that is not a map is reported and comes back as a map whose
     * every getter returns {@code null}, so the element keeps its index and gets placeholders.
     */
    List<Fields> list(String name) {
      Key k = section.key(name);
      requireKind(k, Kind.LIST);
      JsonNode v = node == null ? null : node.get(name);
      if (isAbsent(v)) {
        return List.of();
      }
      if (!v.isArray()) {
        error(pathOf(name), describe(v) + " (expected: list)");
        return List.of();
      }
      List<Fields> out = new ArrayList<>(v.size());
      for (int i = 0; i < v.size(); i++) {
        String elementPath = pathOf(name) + "[" + i + "]";
        if (v.get(i).isNull()) {
          // An empty list item ("- " alone) is a slip, not an element with every key missing.
          error(elementPath, "null (expected: map)");
          out.add(new Fields(elementPath, k.section(), null));
        } else {
          out.add(fields(v.get(i), elementPath, k.section()));
        }
      }
      return out;
    }

    private JsonNode value(String name, Kind kind) {
      requireKind(section.key(name), kind);
      JsonNode v = node == null ? null : node.get(name);
      return isAbsent(v) ? null : v;
    }

    private <T> T wrongType(String name, JsonNode v) {
      Key k = section.key(name);
      String hint = v.isValueNode() && k.kind() == Kind.STRING ? "; quote it" : "";
      error(pathOf(name), describe(v) + " (expected: " + k.typeText() + hint + ")");
      return null;
    }

    private void requireKind(Key k, Kind kind) {
      if (k.kind() != kind) {
        throw new IllegalArgumentException(
            section.path() + "." + k.name() + " is a " + k.kind() + ", not " + kind);
      }
    }
  }
}
