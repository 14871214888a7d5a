package io.breakwater.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The values table of {@code docs/install.md} lists every value of the chart, and only those. */
class ValuesDocTest {

  private static final Pattern KEY = Pattern.compile("`([A-Za-z][A-Za-z0-9.]*)`");

  @Test
  void everyValueIsDocumented() throws IOException {
    Set<String> documented = documentedKeys();
    List<String> missing = new ArrayList<>();
    for (String leaf : leaves(values(), "")) {
      if (!coveredBy(leaf, documented)) {
        missing.add(leaf);
      }
    }
    assertThat(missing).as("values missing from the table in docs/install.md").isEmpty();
  }

  @Test
  void everyDocumentedKeyIsAValue() throws IOException {
    JsonNode values = values();
    List<String> unknown = new ArrayList<>();
    for (String key : documentedKeys()) {
      if (values.at("/" + key.replace('.', '/')).isMissingNode()) {
        unknown.add(key);
      }
    }
    assertThat(unknown).as("keys in docs/install.md that values.yaml does not have").isEmpty();
  }

  private static boolean coveredBy(String leaf, Set<String> documented) {
    for (String key = leaf; !key.isEmpty(); ) {
      if (documented.contains(key)) {
        return true;
      }
      int dot = key.lastIndexOf('.');
      key = dot < 0 ? "" : key.substring(0, dot);
    }
    return false;
  }

  /** The keys in the first column of the table under "## Values". */
  private static Set<String> documentedKeys() {
    String doc = Chart.read("docs/install.md");
    int start = doc.indexOf("\n## Values\n");
    assertThat(start).as("docs/install.md has a Values section").isPositive();
    int end = doc.indexOf("\n## ", start + 1);
    Set<String> keys = new TreeSet<>();
    for (String line : doc.substring(start, end < 0 ? doc.length() : end).split("\n")) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String first = line.substring(1, line.indexOf('|', 1));
      Matcher m = KEY.matcher(first);
      while (m.find()) {
        keys.add(m.group(1));
      }
    }
    assertThat(keys).hasSizeGreaterThan(50);
    return keys;
  }

  private static List<String> leaves(JsonNode node, String prefix) {
    List<String> out = new ArrayList<>();
    if (node.isObject() && !node.isEmpty()) {
      node.fields()
          .forEachRemaining(e -> out.addAll(leaves(e.getValue(), prefix + e.getKey() + ".")));
    } else {
      out.add(prefix.substring(0, prefix.length() - 1));
    }
    return out;
  }

  private static JsonNode values() throws IOException {
    return new YAMLMapper().readTree(Chart.read("charts/breakwater/values.yaml"));
  }
}
