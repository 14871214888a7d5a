package io.breakwater.controller.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class YamlTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "shop/api/80|shop/api/80",
        "10.1.2.3:8080|10.1.2.3:8080",
        "web-7d9f-x2k|web-7d9f-x2k",
        "80|\"80\"",
        "1.5|\"1.5\"",
        "true|\"true\"",
        "no|\"no\"",
        "null|\"null\"",
        "1:30|\"1:30\"",
        "*.example.com|\"*.example.com\"",
        "[fd00::1]:80|\"[fd00::1]:80\"",
        "a: b|\"a: b\"",
        "a #b|\"a #b\"",
      })
  void quotesOnlyWhatYamlWouldMisread(String text, String expected) {
    assertThat(Yaml.scalar(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "shop/api/80",
        "80",
        "0x1f",
        "1e3",
        ".inf",
        "~",
        "yes",
        "Off",
        "-",
        "a,b",
        "{x}",
        "[y]",
        "say \"hi\"\\",
        "tab\there",
        "line\nbreak",
        "é",
        "- item",
        "? key",
        "& anchor",
        "! tag",
        "%x",
        "@x",
        "`x",
        "x:",
        "1:30",
        "fd00::1",
        ""
      })
  void everyScalarReadsBackAsTheSameString(String text) throws Exception {
    JsonNode node = YAML.readTree("k: " + Yaml.scalar(text) + "\n");
    assertThat(node.get("k").isTextual()).as(Yaml.scalar(text)).isTrue();
    assertThat(node.get("k").asText()).isEqualTo(text);
    JsonNode flow = YAML.readTree("k: " + Yaml.flow(Map.of("a", List.of(text))) + "\n");
    assertThat(flow.get("k").get("a").get(0).asText()).isEqualTo(text);
  }

  @Test
  void writesValuesInTheConfigsSpelling() {
    assertThat(Yaml.flow(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Yaml.flow(10.0)).isEqualTo("10");
    assertThat(Yaml.flow(0.5)).isEqualTo("0.5");
    assertThat(Yaml.flow(List.of())).isEqualTo("[]");
    assertThat(Yaml.flow(Map.of("a", 1))).isEqualTo("{a: 1}");
  }
}
