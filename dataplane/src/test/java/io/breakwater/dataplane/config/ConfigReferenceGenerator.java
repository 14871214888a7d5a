package io.breakwater.dataplane.config;

import io.breakwater.dataplane.config.ConfigSchema.Key;
import io.breakwater.dataplane.config.ConfigSchema.Section;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Renders the key reference of {@code docs/configuration.md} from {@link ConfigSchema}, between the
 * markers {@value #BEGIN} and {@value #END}; the prose around them is written by hand.
 *
 * <p>Test-scoped: the reference is a build artefact checked by {@link ConfigurationDocTest}, not
 * something the dataplane needs at run time.
 */
final class ConfigReferenceGenerator {

  static final String BEGIN = "<!-- BEGIN GENERATED: key reference from ConfigSchema -->";
  static final String END = "<!-- END GENERATED -->";
  static final String REGENERATE =
      "mvn -q -B -pl dataplane test -Dtest=ConfigurationDocTest -Dbreakwater.updateDocs=true";

  private ConfigReferenceGenerator() {}

  /** The generated part, markers excluded. */
  static String render() {
    StringBuilder md = new StringBuilder();
    md.append("\n<!-- Do not edit: regenerate with `").append(REGENERATE).append("`. -->\n");
    for (Section s : ConfigSchema.sections()) {
      md.append("\n### ").append(title(s)).append("\n\n");
      md.append(s.summary()).append("\n\n");
      md.append("| key | type | default | description |\n");
      md.append("|---|---|---|---|\n");
      for (Key k : s.keys()) {
        md.append("| `")
            .append(k.name())
            .append("` | ")
            .append(cell(type(k)))
            .append(" | ")
            .append(cell(defaultOf(k)))
            .append(" | ")
            .append(cell(k.description()))
            .append(" |\n");
      }
    }
    return md.append('\n').toString();
  }

  /** The file with its generated part replaced; fails when the markers are missing. */
  static String regenerate(String document) {
    int begin = document.indexOf(BEGIN);
    int end = document.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalStateException(
          "docs/configuration.md has lost its markers " + BEGIN + " ... " + END);
    }
    return document.substring(0, begin + BEGIN.length()) + render() + document.substring(end);
  }

  /** Rewrites the file in place; the argument is its path. */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
    String before = Files.readString(file, StandardCharsets.UTF_8);
    Files.writeString(file, regenerate(before), StandardCharsets.UTF_8);
  }

  private static String title(Section s) {
    return s.path().isEmpty() ? "Top level" : "`" + s.path() + "`";
  }

  /** GitHub's heading anchor: lower case, punctuation other than hyphens dropped. */
  static String anchor(Section s) {
    return title(s).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
  }

  private static String type(Key k) {
    return switch (k.kind()) {
      case MAP -> "map, see [" + title(k.section()) + "](#" + anchor(k.section()) + ")";
      case LIST -> "list of maps, see [" + title(k.section()) + "](#" + anchor(k.section()) + ")";
      case INTEGER, DURATION, NUMBER, FILE_MODE -> k.typeText() + ", " + k.rangeText();
      case ENUM ->
          "one of " + String.join(", ", k.values().stream().map(v -> "`" + v + "`").toList());
      case STRING, HOST_PORT, BOOLEAN, STRINGS -> k.typeText();
      case STATUSES -> k.typeText() + (k.min() > 0 ? ", at least one" : "");
      case RETRY_ON -> "list of keywords and statuses";
    };
  }

  private static String defaultOf(Key k) {
    if (k.required()) {
      return "**required**";
    }
    return k.defaultText() != null ? k.defaultText() : "";
  }

  /** Pipes would end the table cell. */
  private static String cell(String s) {
    return s.replace("|", "\\|");
  }
}
