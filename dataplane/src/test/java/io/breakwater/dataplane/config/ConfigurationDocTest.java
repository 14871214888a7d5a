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
import java.util.List;
import java.util.Locale;
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
    collectKeys(new ObjectMapper(new YAMLFactory()).readTree(example), "", used);
    // The override sections repeat defaults.timeouts; one key each shows how they work.
    List<ConfigSchema.Section> overrides =
        List.of(ConfigSchema.FRONTEND_TIMEOUTS, ConfigSchema.BACKEND_TIMEOUTS);
    used.removeIf(p -> overrides.stream().anyMatch(o -> p.startsWith(o.path() + ".")));
    Set<String> all = new TreeSet<>();
    for (ConfigSchema.Section s : ConfigSchema.sections()) {
      if (overrides.contains(s)) {
        continue;
      }
      for (ConfigSchema.Key k : s.keys()) {
        all.add(s.path().isEmpty() ? k.name() : s.path() + "." + k.name());
      }
    }
    assertThat(used).containsExactlyElementsOf(all);
  }

  /** Generic paths ({@code frontends[].routes[].host}) of every key in the document. */
  private static void collectKeys(JsonNode node, String path, Set<String> out) {
    if (node.isArray()) {
      node.forEach(e -> collectKeys(e, path + "[]", out));
    } else if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              f -> {
                String p = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
                out.add(p);
                collectKeys(f.getValue(), p, out);
              });
    }
  }
}
