package io.breakwater.dataplane.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A {@code servers} list read on its own for a running backend, as the file would read it. */
class ParseServersTest {

  private static final Config RUNNING =
      ConfigLoader.parse(
          """
          defaults: {maxconn: 12}
          backends:
            - name: ns/app/80
              healthCheck: {type: http, path: /healthz, rise: 3}
              servers: [{name: old, address: 10.0.0.9:80}]
            - name: unchecked
          """,
          "running.yaml");

  private static List<String> errors(String text) {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> ConfigLoader.parseServers(text, RUNNING, "ns/app/80"));
    assertThat(e).as("expected errors for %s", text).isNotNull();
    assertThat(e.sourceName()).isEqualTo("runtime api");
    return e.errors().stream().map(ConfigError::toString).toList();
  }

  @Test
  void serversGetTheFileDefaultsAndTheirBackendsCheck() {
    List<Server> servers =
        ConfigLoader.parseServers(
            """
            [{"name": "a", "address": "10.0.0.1:8080"},
             {"name": "b", "address": "10.0.0.2:8080", "weight": 5, "maxconn": 0,
              "healthCheck": {"port": 9090}}]
            """,
            RUNNING,
            "ns/app/80");
    HealthCheck check = RUNNING.backend("ns/app/80").policy().healthCheck();
    assertThat(servers)
        .containsExactly(
            new Server("a", new HostPort("10.0.0.1", 8080), 1, 12, InitialState.UP, check),
            new Server(
                "b",
                new HostPort("10.0.0.2", 8080),
                5,
                0,
                InitialState.UP,
                new HealthCheck(
                    check.type(),
                    check.method(),
                    check.path(),
                    check.host(),
                    check.expectStatus(),
                    check.expectBody(),
                    check.interval(),
                    check.fastinter(),
                    check.downinter(),
                    check.timeout(),
                    check.rise(),
                    check.fall(),
                    9090)));
  }

  @Test
  void yamlAndAServersMapAreReadToo() {
    List<Server> servers =
        ConfigLoader.parseServers(
            "servers:\n  - {name: a, address: 10.0.0.1:80}\n", RUNNING, "unchecked");
    assertThat(servers).containsExactly(new Server("a", new HostPort("10.0.0.1", 80), 1, 12));
    assertThat(ConfigLoader.parseServers("[]", RUNNING, "unchecked")).isEmpty();
  }

  @Test
  void errorsCarryTheirPathInTheListAndTheFileMessages() {
    assertThat(
            errors(
                """
                [{"name": "a", "address": "10.0.0:80", "weight": 300},
                 {"name": "a", "address": "10.0.0.2:80", "wieght": 2},
                 {"address": "10.0.0.3:80", "healthCheck": {"rise": 0}}]
                """))
        .containsExactly(
            "servers[0].address: \"10.0.0:80\" is not host:port (bad host \"10.0.0\"; expected an"
                + " IPv4 address or a DNS name)",
            "servers[0].weight: 300 (expected: 0..256)",
            "servers[1].wieght: unknown key, did you mean weight? (expected: one of name, address,"
                + " weight, maxconn, initialState, healthCheck)",
            "servers[1].name: \"a\" is already the name of servers[0]",
            "servers[2].name: missing (required)",
            "servers[2].healthCheck.rise: 0 (expected: 1..100)");
  }

  @Test
  void syntaxErrorsAndOtherShapesAreOneError() {
    assertThat(errors("[{\"name\": \"a\",]"))
        .hasSize(1)
        .first()
        .asString()
        .startsWith("JSON syntax error");
    assertThat(errors("42"))
        .containsExactly("42 (expected: a list of servers, or a map with the key servers)");
    assertThat(errors("{\"backends\": []}"))
        .hasSize(2)
        .anyMatch(e -> e.startsWith("backends: unknown key"))
        .contains("servers: missing (expected: a list of servers)");
    assertThat(errors("{}")).containsExactly("servers: missing (expected: a list of servers)");
  }

  @Test
  void anUnknownBackendIsAnError() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> ConfigLoader.parseServers("[]", RUNNING, "nope"));
    assertThat(e.errors()).containsExactly(new ConfigError("backend", "no backend named \"nope\""));
  }
}
