package io.breakwater.controller.translate.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.translate.annotation.BackendDraft.CheckMode;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.BackendPolicy;
import io.breakwater.dataplane.config.Balance;
import io.breakwater.dataplane.config.Defaults;
import io.breakwater.dataplane.config.HealthCheck;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.Limits;
import io.breakwater.dataplane.config.Retries;
import io.breakwater.dataplane.config.StatusRange;
import io.breakwater.dataplane.config.Timeouts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BackendDraftTest {

  private static final Map<String, HostPort> SERVERS = Map.of("a", new HostPort("10.0.0.1", 80));

  private static final HealthCheck DEFAULTS_CHECK =
      new HealthCheck(
          HealthCheck.Type.TCP,
          "GET",
          "/",
          null,
          StatusRange.CHECK_OK,
          null,
          Duration.ofSeconds(4),
          Duration.ofSeconds(4),
          Duration.ofSeconds(20),
          Duration.ofSeconds(4),
          2,
          3,
          0);

  static Stream<Arguments> checks() {
    return Stream.of(
        Arguments.of(
            "no keys: the defaults' check", null, (UnaryOperator<BackendDraft>) d -> d, null),
        Arguments.of(
            "off wins over a path",
            null,
            (UnaryOperator<BackendDraft>) d -> d.checkPath("/h").checkMode(CheckMode.OFF),
            "off"),
        Arguments.of(
            "a path alone asks for http",
            null,
            (UnaryOperator<BackendDraft>) d -> d.checkPath("/h"),
            "http /h 2s/2s/2s"),
        Arguments.of(
            "expected statuses alone ask for http",
            null,
            (UnaryOperator<BackendDraft>)
                d -> d.checkExpectStatus(List.of(new StatusRange(200, 200))),
            "http / 2s/2s/2s"),
        Arguments.of(
            "an interval alone keeps tcp; derived intervals follow",
            null,
            (UnaryOperator<BackendDraft>) d -> d.checkInterval(Duration.ofSeconds(7)),
            "tcp / 7s/7s/7s"),
        Arguments.of(
            "the defaults' own downinter stays",
            DEFAULTS_CHECK,
            (UnaryOperator<BackendDraft>) d -> d.checkInterval(Duration.ofSeconds(1)),
            "tcp / 1s/20s/1s"),
        Arguments.of(
            "http over the defaults' tcp check",
            DEFAULTS_CHECK,
            (UnaryOperator<BackendDraft>) d -> d.checkMode(CheckMode.HTTP),
            "http / 4s/20s/4s"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("checks")
  void healthCheckKeysCombineWhateverTheirOrder(
      String name, HealthCheck inherited, UnaryOperator<BackendDraft> keys, String expected) {
    Defaults defaults = defaultsWithCheck(inherited);
    HealthCheck check =
        keys.apply(new BackendDraft(defaults)).build("b", SERVERS).policy().healthCheck();
    if (expected == null) {
      assertThat(check).isEqualTo(inherited);
    } else if (expected.equals("off")) {
      assertThat(check).isNull();
    } else {
      assertThat(
              check.type().configName()
                  + " "
                  + check.path()
                  + " "
                  + check.interval().toSeconds()
                  + "s/"
                  + check.downinter().toSeconds()
                  + "s/"
                  + check.timeout().toSeconds()
                  + "s")
          .isEqualTo(expected);
    }
  }

  @Test
  void serversShareTheBackendsCheckAndMaxconn() {
    Backend b =
        new BackendDraft(Defaults.DEFAULT)
            .checkMode(CheckMode.HTTP)
            .serverMaxconn(7)
            .build("b", SERVERS);
    assertThat(b.servers())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.healthCheck()).isSameAs(b.policy().healthCheck());
              assertThat(s.maxconn()).isEqualTo(7);
              assertThat(s.weight()).isEqualTo(1);
            });
  }

  @Test
  void startsFromTheDefaults() {
    Defaults d =
        new Defaults(
            Timeouts.DEFAULT,
            Balance.LEASTCONN,
            5,
            9,
            new BackendPolicy(
                null,
                null,
                Retries.DEFAULT,
                null,
                null,
                new Limits(1, 2, 3, 4),
                Duration.ofSeconds(3),
                null));
    Backend b = new BackendDraft(d).build("b", Map.of());
    assertThat(b.balance()).isEqualTo(Balance.LEASTCONN);
    assertThat(b.maxqueue()).isEqualTo(9);
    assertThat(b.policy()).isEqualTo(d.policy());
  }

  private static Defaults defaultsWithCheck(HealthCheck check) {
    BackendPolicy p = BackendPolicy.DEFAULT;
    return new Defaults(
        Timeouts.DEFAULT,
        Balance.ROUNDROBIN,
        0,
        0,
        new BackendPolicy(
            check, p.observe(), p.retries(), null, null, p.limits(), p.slowstart(), p.faults()));
  }
}
