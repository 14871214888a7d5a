package io.breakwater.dataplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.breakwater.dataplane.web.Router;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** {@code /v1/openapi.json} describes exactly the routes the API's router serves. */
class OpenApiTest {

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedOperationIsRouted() throws Exception {
    JsonNode doc = new ObjectMapper().readTree(RestApiServer.openapi());
    assertThat(doc.get("openapi").asText()).startsWith("3.0");
    Set<String> documented = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> p = paths.next();
      for (Iterator<String> ops = p.getValue().fieldNames(); ops.hasNext(); ) {
        String op = ops.next();
        if (!op.equals("parameters")) {
          documented.add(op.toUpperCase(Locale.ROOT) + " " + p.getKey());
        }
      }
    }
    Set<String> routed = new TreeSet<>();
    for (Router.Route r : RestApiServer.router(null, UnaryOperator.identity()).routes()) {
      routed.add(r.method().name() + " " + r.pattern());
    }
    assertThat(documented).isEqualTo(routed);
  }

  @Test
  void everyOperationHasAnIdAndResponses() throws Exception {
    JsonNode doc = new ObjectMapper().readTree(RestApiServer.openapi());
    doc.get("paths")
        .forEach(
            p ->
                p.fields()
                    .forEachRemaining(
                        op -> {
                          if (!op.getKey().equals("parameters")) {
                            assertThat(op.getValue().has("operationId")).isTrue();
                            assertThat(op.getValue().get("responses").has("200")).isTrue();
                          }
                        }));
  }
}
