package io.breakwater.dataplane.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code show config} writes what {@code set config} reads back: the round trip is exact. */
class ConfigWriterTest {

  private static Config roundTrip(Config c) {
    return ConfigLoader.parse(ConfigWriter.toJson(c), "written.json");
  }

  @Test
  void theDemoConfigReadsBackEqual() {
    Config c = ConfigLoader.load(RepositoryFiles.resolve("deploy/examples/dataplane.yaml"));
    assertThat(roundTrip(c)).isEqualTo(c);
  }

  @Test
  void theDocExampleWithEveryKeyReadsBackEqual() throws IOException {
    String doc =
        Files.readString(RepositoryFiles.resolve("docs/configuration.md"), StandardCharsets.UTF_8);
    int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
    Config c = ConfigLoader.parse(doc.substring(start, doc.indexOf("```", start)), "doc.yaml");
    assertThat(roundTrip(c)).isEqualTo(c);
  }

  @Test
  void anH2cBackendReadsBackEqualAndHttp1WritesNoProtocol() {
    Config c =
        ConfigLoader.parse(
            "backends:\n"
                + "  - {name: g, protocol: h2c, maxStreams: 7, servers: [{name: s, address:"
                + " 10.0.0.1:50051}]}\n"
                + "  - {name: w, servers: [{name: s, address: 10.0.0.2:80}]}\n",
            "h2c.yaml");
    assertThat(c.backends().get(0).protocol()).isEqualTo(BackendProtocol.H2C);
    assertThat(c.backends().get(0).maxStreams()).isEqualTo(7);
    assertThat(roundTrip(c)).isEqualTo(c);
    String written = ConfigWriter.toJson(c);
    assertThat(written).contains("\"protocol\" : \"h2c\"").contains("\"maxStreams\" : 7");
    assertThat(written.indexOf("protocol")).isEqualTo(written.lastIndexOf("protocol"));
  }

  @Test
  void tlsReadsBackEqual() {
    Config c =
        ConfigLoader.parse(
            """
            frontends:
              - name: web
                listen: 127.0.0.1:8443
                defaultBackend: b
                tls:
                  certificates:
                    - {certFile: /etc/tls/a.crt, keyFile: /etc/tls/a.key}
                    - cert: "-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\\n"
                      key: "-----BEGIN PRIVATE KEY-----\\nBBBB\\n-----END PRIVATE KEY-----\\n"
                  protocols: TLSv1.3
                  ciphers: TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384
            backends:
              - {name: b, servers: [{name: s1, address: 10.0.0.1:80}]}
            """,
            "tls.yaml");
    assertThat(c.frontends().get(0).tls().ciphers())
        .containsExactly("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384");
    assertThat(roundTrip(c)).isEqualTo(c);
  }

  @Test
  void backendTlsReadsBackEqual() {
    Config c =
        ConfigLoader.parse(
            """
            backends:
              - name: a
                tls:
                  caFile: /etc/ca.pem
                  sni: api.internal
                  clientCertificate: {certFile: /etc/c.crt, keyFile: /etc/c.key}
                  protocols: TLSv1.3
                  ciphers: TLS_AES_128_GCM_SHA256
                servers: [{name: s1, address: 10.0.0.1:443}]
              - name: b
                healthCheck: {type: http, port: 8080, tls: false}
                tls:
                  ca: "-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\\n"
                  verify: false
                  clientCertificate:
                    cert: "-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\\n"
                    key: "-----BEGIN PRIVATE KEY-----\\nBBBB\\n-----END PRIVATE KEY-----\\n"
                servers: [{name: s1, address: 10.0.0.2:443}]
              - name: plain
                tls: {enabled: false, sni: x.test}
                servers: [{name: s1, address: 10.0.0.3:80}]
            """,
            "backend-tls.yaml");
    BackendTls a = c.backend("a").tls();
    assertThat(a.sni()).isEqualTo("api.internal");
    assertThat(a.verify()).isTrue();
    assertThat(a.protocols()).containsExactly("TLSv1.3");
    assertThat(a.clientCertificate().keyFile()).isEqualTo("/etc/c.key");
    assertThat(c.backend("b").tls().verify()).isFalse();
    assertThat(c.backend("b").policy().healthCheck().tls()).isFalse();
    assertThat(c.backend("a").policy().healthCheck()).isNull();
    assertThat(c.backend("b").tls().protocols()).isEqualTo(Tls.PROTOCOLS);
    assertThat(c.backend("plain").tls()).as("enabled: false is plain").isNull();
    assertThat(roundTrip(c)).isEqualTo(c);
  }

  @Test
  void sectionsTurnedOffUnderAnInheritedOneStayOff() {
    Config c =
        ConfigLoader.parse(
            """
            defaults:
              healthCheck: {type: http, path: /healthz, interval: 1s}
              observe: {errorLimit: 4}
              circuitBreaker: {consecutiveFailures: 3}
              outlierDetection: {consecutiveFailures: 2, maxEjectionPercent: 30}
              faults: {abort: {percent: 1, status: 503}}
              slowstart: 5s
              retries: {attempts: 0, retryOn: [none]}
            frontends:
              - name: web
                listen: 127.0.0.1:8080
                routes:
                  - {path: /a, backend: plain, faults: {enabled: false}}
                  - {path: /b, backend: inherits, faults: {delay: {duration: 10ms}}}
            backends:
              - name: plain
                healthCheck: {enabled: false}
                observe: {enabled: false}
                circuitBreaker: {enabled: false}
                outlierDetection: {enabled: false}
                faults: {enabled: false}
                servers:
                  - {name: s1, address: 10.0.0.1:80, healthCheck: {type: tcp, port: 9000}}
              - name: inherits
                retries: {retryOn: [all-retryable-errors], perTryTimeout: 1s}
                servers:
                  - {name: s1, address: 10.0.0.1:80, healthCheck: {enabled: false}}
                  - {name: s2, address: "[fd00::1]:80", healthCheck: {expectBody: up}}
                  - {name: s3, address: db.example.com:5432, initialState: down, maxconn: 9}
            """,
            "off.yaml");
    assertThat(c.backend("plain").policy().healthCheck()).isNull();
    assertThat(c.backend("inherits").servers().get(0).healthCheck()).isNull();

    assertThat(roundTrip(c)).isEqualTo(c);
  }

  @Test
  void aConfigBuiltInCodeReadsBackEqual() {
    Timeouts t =
        new Timeouts(
            Duration.ofMillis(1500),
            Duration.ofSeconds(20),
            Duration.ofMinutes(2),
            Duration.ofSeconds(3),
            Duration.ofSeconds(4),
            Duration.ofSeconds(5),
            Duration.ofHours(2),
            Duration.ofSeconds(6));
    Backend b =
        new Backend(
            "ns/svc/80",
            Balance.URI,
            3,
            t,
            List.of(
                new Server("a", new HostPort("10.0.0.1", 80), 0, 5),
                new Server("b", new HostPort("::1", 81), 256, 0)));
    Config c =
        new Config(
            new Global(4, 100, Transport.NIO, Duration.ZERO),
            Defaults.DEFAULT,
            List.of(
                new Frontend(
                    "f",
                    new HostPort("0.0.0.0", 80),
                    null,
                    List.of(new Route("*.example.com", "/x", PathType.EXACT, "ns/svc/80")),
                    t)),
            List.of(b));
    assertThat(roundTrip(c)).isEqualTo(c);
  }

  @Test
  void everyFrontendAndBackendShowsItsEffectiveValues() throws IOException {
    Config c =
        ConfigLoader.parse(
            """
            defaults: {timeouts: {connect: 2s}, balance: leastconn, maxconn: 7}
            backends: [{name: b, servers: [{name: s, address: 10.0.0.1:80}]}]
            """,
            "sparse.yaml");
    JsonNode b = new ObjectMapper().readTree(ConfigWriter.toJson(c)).get("backends").get(0);
    assertThat(b.get("balance").asText()).isEqualTo("leastconn");
    assertThat(b.get("timeouts").get("connect").asText()).isEqualTo("2s");
    assertThat(b.get("timeouts").get("tunnel").asText()).isEqualTo("1h");
    assertThat(b.get("servers").get(0).get("maxconn").asInt()).isEqualTo(7);
    assertThat(b.get("retries").get("retryOn").get(0).asText()).isEqualTo("conn-failure");
  }

  @Test
  void theOutputHasNoBlankLineSoItCanBeFramedByOne() {
    Config c = ConfigLoader.load(RepositoryFiles.resolve("deploy/examples/dataplane.yaml"));
    assertThat(ConfigWriter.toJson(c)).doesNotContain("\n\n").doesNotEndWith("\n");
  }
}
