package io.breakwater.controller.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.breakwater.controller.RepositoryFiles;
import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.model.ObjectRef;
import io.breakwater.controller.source.Manifests;
import io.breakwater.controller.testing.GeneratedCertificates;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.config.ConfigValidator;
import io.breakwater.dataplane.config.Global;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.Tls;
import io.breakwater.dataplane.tls.TlsContexts;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden files of {@code src/test/resources/translate/<case>/}: {@code input.yaml} holds
 * Kubernetes manifests, the optional {@code options.yaml} the {@link TranslateOptions} that differ
 * from the defaults ({@code ingressClass}, {@code watchIngressWithoutClass}, {@code
 * watchNamespaces}, {@code externalNameServices}, {@code endpointsMode}: {@code EndpointSlices} or
 * {@code Endpoints}, {@code defaultTlsCertificate}: {@code namespace/name}), and {@code
 * expected.yaml} the translation as {@link TranslationWriter} renders it. Certificates in the input
 * are made at test time ({@link GeneratedCertificates}). Each case also proves that the translation
 * is a valid dataplane config, that the dataplane accepts its certificates, that the rendered
 * backends and routes load back as the same records, and that the input's order does not matter.
 *
 * <p>Run with {@code -Dbreakwater.updateGolden=true} to rewrite the expected files.
 */
class TranslatorGoldenTest {

  static final String REGENERATE =
      "mvn -q -B -pl controller -am verify -Dtest=TranslatorGoldenTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dbreakwater.updateGolden=true";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final HostPort LISTEN = new HostPort("0.0.0.0", 8080);

  @TestFactory
  Stream<DynamicTest> goldenFiles() throws IOException {
    Path root = RepositoryFiles.resolve("controller/src/test/resources/translate");
    List<Path> cases;
    try (Stream<Path> dirs = Files.list(root)) {
      cases = dirs.filter(Files::isDirectory).sorted().toList();
    }
    assertThat(cases).isNotEmpty();
    return cases.stream()
        .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
  }

  private static void check(Path dir) throws IOException {
    List<HasMetadata> objects =
        Manifests.parse(GeneratedCertificates.substitute(read(dir.resolve("input.yaml"))));
    TranslateOptions options = options(dir.resolve("options.yaml"));
    Translation t = Translator.translate(ClusterSnapshot.of(objects), options);
    String rendered = TranslationWriter.yaml(t, options.defaults());
    RepositoryFiles.assertGenerated(
        dir.resolve("expected.yaml"), rendered, "breakwater.updateGolden", REGENERATE);

    Config config =
        new Config(
            Global.DEFAULT,
            options.defaults(),
            List.of(t.frontend("http", LISTEN, options.defaults().timeouts())),
            t.backends());
    assertThat(ConfigValidator.validate(config)).as("config errors").isEmpty();
    List<Certificate> certificates = new ArrayList<>(t.certificates());
    if (t.defaultCertificate() != null) {
      certificates.add(t.defaultCertificate());
    }
    for (Certificate c : certificates) {
      Tls tls = new Tls(List.of(c.toConfig()), Tls.PROTOCOLS, List.of());
      assertThatCode(() -> TlsContexts.build(tls, false, "frontends[0].tls"))
          .as("the dataplane accepts the certificate of " + c.secret())
          .doesNotThrowAnyException();
    }

    Config reloaded = ConfigLoader.parse(asConfigDocument(rendered), dir + "/expected.yaml");
    assertThat(reloaded.backends()).as("backends read back").isEqualTo(t.backends());
    assertThat(reloaded.frontends().get(0).routes()).as("routes read back").isEqualTo(t.routes());
    assertThat(reloaded.frontends().get(0).defaultBackend()).isEqualTo(t.defaultBackend());

    List<HasMetadata> reversed = new ArrayList<>(objects);
    Collections.reverse(reversed);
    assertThat(Translator.translate(ClusterSnapshot.of(reversed), options))
        .as("the same translation from the objects in another order")
        .isEqualTo(t);
  }

  /** The rendered frontend keys and backends, as a config document (JSON) for the loader. */
  private static String asConfigDocument(String rendered) throws IOException {
    JsonNode doc = YAML.readTree(rendered);
    ObjectMapper json = new ObjectMapper();
    ObjectNode frontend = json.createObjectNode();
    frontend.put("name", "http");
    frontend.put("listen", LISTEN.format());
    if (doc.has("defaultBackend")) {
      frontend.set("defaultBackend", doc.get("defaultBackend"));
    }
    frontend.set("routes", doc.get("routes"));
    ObjectNode config = json.createObjectNode();
    ArrayNode frontends = config.putArray("frontends");
    frontends.add(frontend);
    config.set("backends", doc.get("backends"));
    return json.writeValueAsString(config);
  }

  @SuppressWarnings("unchecked")
  private static TranslateOptions options(Path file) throws IOException {
    TranslateOptions o = TranslateOptions.DEFAULT;
    if (!Files.exists(file)) {
      return o;
    }
    Map<?, ?> m = YAML.readValue(file.toFile(), Map.class);
    for (Map.Entry<?, ?> e : m.entrySet()) {
      Object v = e.getValue();
      o =
          switch (e.getKey().toString()) {
            case "ingressClass" -> o.withIngressClass((String) v);
            case "watchIngressWithoutClass" -> o.withWatchIngressWithoutClass((Boolean) v);
            case "watchNamespaces" -> o.withWatchNamespaces(new HashSet<>((List<String>) v));
            case "externalNameServices" -> o.withExternalNameServices((Boolean) v);
            case "defaultTlsCertificate" ->
                o.withDefaultTlsCertificate(
                    new ObjectRef(
                        "Secret", v.toString().split("/")[0], v.toString().split("/")[1]));
            case "endpointsMode" ->
                o.withEndpointsMode(
                    v.equals("Endpoints")
                        ? EndpointsMode.ENDPOINTS
                        : EndpointsMode.ENDPOINT_SLICES);
            default -> throw new IllegalArgumentException(file + ": unknown option " + e.getKey());
          };
    }
    return o;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
