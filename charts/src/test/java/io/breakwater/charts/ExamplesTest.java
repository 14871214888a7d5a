package io.breakwater.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The examples in {@code deploy/examples/} are what a user applies first, so they must be valid:
 * custom resources against their CRD's schema, annotations against {@code docs/annotations.md}, and
 * the Ingress on the chart's class.
 */
class ExamplesTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void customResourcesMatchTheirCrdSchema() throws IOException {
    Map<String, JsonNode> schemas =
        Map.of(
            "CircuitBreaker", crdSchema("crds/circuitbreakers.breakwater.io.yaml"),
            "RetryPolicy", crdSchema("crds/retrypolicies.breakwater.io.yaml"));
    List<JsonNode> resources = new ArrayList<>();
    resources.addAll(docs("deploy/examples/circuitbreaker.yaml"));
    resources.addAll(docs("deploy/examples/retrypolicy.yaml"));
    assertThat(resources)
        .extracting(r -> r.get("kind").asText())
        .containsExactly("CircuitBreaker", "CircuitBreaker", "RetryPolicy");
    for (JsonNode r : resources) {
      assertThat(r.get("apiVersion").asText()).isEqualTo("breakwater.io/v1alpha1");
      List<String> errors = new ArrayList<>();
      check(
          r.get("spec"),
          schemas.get(r.get("kind").asText()).at("/properties/spec"),
          "spec",
          errors);
      assertThat(errors).as("%s %s", r.get("kind"), r.at("/metadata/name")).isEmpty();
    }
  }

  @Test
  void schemaCheckCatchesMistakes() throws IOException {
    JsonNode schema = crdSchema("crds/retrypolicies.breakwater.io.yaml").at("/properties/spec");
    List<String> errors = new ArrayList<>();
    check(
        YAML.readTree("{atempts: 2, perTryTimeout: 2 s, backoff: {jitter: 150}}"),
        schema,
        "spec",
        errors);
    assertThat(errors)
        .containsExactlyInAnyOrder(
            "spec.atempts: unknown field",
            "spec.perTryTimeout: '2 s' does not match the schema's pattern",
            "spec.backoff.jitter: 150 is above 100");
  }

  @Test
  void ingressUsesDocumentedAnnotationsAndTheChartsClass() throws IOException {
    String annotationsDoc = Chart.read("docs/annotations.md");
    JsonNode ingress = docs("deploy/examples/ingress.yaml").get(0);
    assertThat(ingress.get("kind").asText()).isEqualTo("Ingress");
    assertThat(ingress.at("/spec/ingressClassName").asText()).isEqualTo("breakwater");
    Iterator<String> keys = ingress.at("/metadata/annotations").fieldNames();
    int n = 0;
    while (keys.hasNext()) {
      String key = keys.next();
      assertThat(annotationsDoc).as("%s in docs/annotations.md", key).contains("| `" + key + "` |");
      n++;
    }
    assertThat(n).isGreaterThan(5);
    // The named policies exist among the examples.
    assertThat(ingress.at("/metadata/annotations/breakwater.io~1retry-policy").asText())
        .isEqualTo("echo");
    assertThat(docs("deploy/examples/circuitbreaker.yaml"))
        .extracting(d -> d.at("/metadata/name").asText())
        .contains(ingress.at("/metadata/annotations/breakwater.io~1circuit-breaker").asText());
  }

  @Test
  void everyExampleParsesAsKubernetesObjects() {
    for (String file :
        List.of("demo-app.yaml", "ingress.yaml", "circuitbreaker.yaml", "retrypolicy.yaml")) {
      Rendered r = Rendered.parse(Chart.read("deploy/examples/" + file));
      assertThat(r.objects).as(file).isNotEmpty();
      assertThat(r.objects)
          .as(file)
          .allSatisfy(o -> assertThat(o.getMetadata().getName()).isNotBlank());
    }
  }

  /** A small structural check of OpenAPI v3: fields, types, enums, patterns, bounds. */
  static void check(JsonNode value, JsonNode schema, String path, List<String> errors) {
    String type = schema.path("type").asText();
    switch (type) {
      case "object" -> {
        if (!value.isObject()) {
          errors.add(path + ": expected an object");
          return;
        }
        value
            .fields()
            .forEachRemaining(
                e -> {
                  JsonNode sub = schema.path("properties").get(e.getKey());
                  if (sub == null) {
                    errors.add(path + "." + e.getKey() + ": unknown field");
                  } else {
                    check(e.getValue(), sub, path + "." + e.getKey(), errors);
                  }
                });
        schema
            .path("required")
            .forEach(
                req -> {
                  if (!value.has(req.asText())) {
                    errors.add(path + "." + req.asText() + ": required");
                  }
                });
      }
      case "array" -> {
        if (!value.isArray()) {
          errors.add(path + ": expected a list");
          return;
        }
        for (int i = 0; i < value.size(); i++) {
          check(value.get(i), schema.path("items"), path + "[" + i + "]", errors);
        }
      }
      case "string" -> {
        if (!value.isTextual()) {
          errors.add(path + ": expected a string");
        } else if (schema.has("pattern")
            && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
          errors.add(path + ": '" + value.asText() + "' does not match the schema's pattern");
        }
      }
      case "integer", "number" -> {
        if (!value.isNumber() || (type.equals("integer") && !value.isIntegralNumber())) {
          errors.add(path + ": expected " + type);
        } else if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
          errors.add(path + ": " + value + " is above " + schema.get("maximum").asInt());
        } else if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
          errors.add(path + ": " + value + " is below " + schema.get("minimum").asInt());
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          errors.add(path + ": expected true or false");
        }
      }
      default -> {
        // no type: anything goes
      }
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode allowed : schema.get("enum")) {
        found |= allowed.asText().equals(value.asText());
      }
      if (!found) {
        errors.add(path + ": '" + value.asText() + "' is not one of " + schema.get("enum"));
      }
    }
  }

  private static JsonNode crdSchema(String file) throws IOException {
    return YAML.readTree(Chart.read(file)).at("/spec/versions/0/schema/openAPIV3Schema");
  }

  private static List<JsonNode> docs(String file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it =
        YAML.readerFor(JsonNode.class).readValues(Chart.read(file))) {
      while (it.hasNext()) {
        JsonNode d = it.next();
        if (d != null && !d.isNull() && !d.isEmpty()) {
          out.add(d);
        }
      }
    }
    return out;
  }
}
