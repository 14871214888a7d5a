package io.breakwater.dataplane.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the key reference in {@code docs/configuration.md} equal to what {@link ConfigSchema}
 * generates. Run with {@code -Dbreakwater.updateDocs=true} to rewrite the file instead of failing.
 */
class ConfigurationDocTest {

  @Test
  void keyReferenceMatchesTheSchema() throws IOException {
    Path doc = RepositoryFiles.resolve("docs/configuration.md");
    String current = Files.readString(doc, StandardCharsets.UTF_8);
    String expected = ConfigReferenceGenerator.regenerate(current);

    if (Boolean.getBoolean("breakwater.updateDocs")) {
      Files.writeString(doc, expected, StandardCharsets.UTF_8);
      return;
    }
    assertThat(current)
        .as(
            "docs/configuration.md is out of date with ConfigSchema; regenerate it with: %s",
            ConfigReferenceGenerator.REGENERATE)
        .isEqualTo(expected);
  }

  @Test
  void everyLinkWithinThePageHasAHeading() throws IOException {
    String doc =
        Files.readString(RepositoryFiles.resolve("docs/configuration.md"), StandardCharsets.UTF_8);
    Set<String> anchors = new HashSet<>();
    for (String line : doc.split("\n")) {
      if (line.startsWith("#")) {
        String title = line.replaceFirst("^#+ ", "");
        anchors.add(title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-'));
      }
    }
    Matcher links = Pattern.compile("\\]\\(#([^)]+)\\)").matcher(doc);
    while (links.find()) {
      assertThat(anchors).as("heading for link #%s", links.group(1)).contains(links.group(1));
    }
  }

  @Test
  void theExampleInTheDocIsValidAndUsesEveryKey() throws IOException {
    String doc =
        Files.readString(RepositoryFiles.resolve("docs/configuration.md"), StandardCharsets.UTF_8);
    int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
    String example = doc.substring(start, doc.indexOf("```", start));

    assertThat(ConfigLoader.parse(example, "configuration.md").frontends()).isNotEmpty();
    Set<String> used = new TreeSet<>();
    collectKeys(new ObjectMapper(new YAMLFactory()).readTree(example), ConfigSchema.ROOT, used);
    // Sections that repeat another's keys: the override timeouts repeat defaults.timeouts,
    // outlier detection the circuit breaker's, a backend's client certificate a frontend's. Each
    // repeated key is shown once, in the original;
    // a key or two in the repeat shows how it works.
    Map<ConfigSchema.Section, ConfigSchema.Section> repeats =
        Map.of(
            ConfigSchema.FRONTEND_TIMEOUTS, ConfigSchema.DEFAULT_TIMEOUTS,
            ConfigSchema.BACKEND_TIMEOUTS, ConfigSchema.DEFAULT_TIMEOUTS,
            ConfigSchema.OUTLIER_DETECTION, ConfigSchema.CIRCUIT_BREAKER,
            ConfigSchema.BACKEND_TLS_CLIENT_CERTIFICATE, ConfigSchema.TLS_CERTIFICATE);
    Set<String> repeated = new TreeSet<>();
    repeats.forEach(
        (repeat, original) ->
            original.names().stream()
                .filter(repeat::has)
                .forEach(k -> repeated.add(repeat.path() + "." + k)));
    used.removeAll(repeated);
    Set<String> all = new TreeSet<>();
    for (ConfigSchema.Section s : ConfigSchema.sections()) {
      for (ConfigSchema.Key k : s.keys()) {
        all.add(s.path().isEmpty() ? k.name() : s.path() + "." + k.name());
      }
    }
    all.removeAll(repeated);
    assertThat(used).containsExactlyElementsOf(all);
  }

  /**
   * The keys of the document, each named by its schema section's path and its name ({@code
   * frontends[].routes[].host}). A section used in several places has one path, where it is
   * documented, so a health check key counts as used wherever the example writes it.
   */
  private static void collectKeys(JsonNode node, ConfigSchema.Section s, Set<String> out) {
    node.fields()
        .forEachRemaining(
            f -> {
              out.add(s.path().isEmpty() ? f.getKey() : s.path() + "." + f.getKey());
              ConfigSchema.Key k = s.key(f.getKey());
              if (k.kind() == ConfigSchema.Kind.LIST) {
                f.getValue().forEach(e -> collectKeys(e, k.section(), out));
              } else if (k.kind() == ConfigSchema.Kind.MAP) {
                collectKeys(f.getValue(), k.section(), out);
              }
            });
  }
}
