package io.breakwater.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.controller.ctl.RuntimeClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** {@code breakwater controller --dataplane-timeout DURATION}: the Runtime API client's timeout. */
class DataplaneTimeoutOptionTest {
  @TempDir Path dir;

  private static Duration parsed(String... args) {
    ParseResult r = new CommandLine(new Main()).parseArgs(args).subcommand();
    return ((ControllerCommand) r.commandSpec().userObject()).dataplaneTimeout;
  }

  @Test
  void defaultsToAMinuteAndTakesADuration() {
    assertThat(parsed("controller", "--manifests", "x")).isEqualTo(Duration.ofSeconds(60));
    assertThat(parsed("controller", "--manifests", "x", "--dataplane-timeout", "2m"))
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(parsed("controller", "--manifests", "x", "--dataplane-timeout=1500ms"))
        .isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void theClientTalksToTheDataplaneWithThatTimeout() {
    RuntimeClient client = ControllerCommand.runtimeClient("127.0.0.1:9999", Duration.ofMinutes(2));
    assertThat(client.timeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(client.target()).isEqualTo("tcp 127.0.0.1:9999");
  }

  @Test
  void zeroIsRefusedWithTheFlagsName() throws Exception {
    assertThatThrownBy(() -> ControllerCommand.runtimeClient("127.0.0.1:9999", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--dataplane-timeout: 0s (expected: a duration above 0, such as 60s)");

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "controller",
            "--manifests",
            dir.toString(),
            "--runtime-api",
            dir.resolve("runtime.sock").toString(),
            "--dataplane-timeout",
            "0s");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("--dataplane-timeout: 0s (expected: a duration above 0, such as 60s)");
  }

  @Test
  void aValueThatIsNotADurationIsRefusedWithTheFlagsName() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "controller",
            "--manifests",
            dir.toString(),
            "--dataplane-timeout",
            "soon");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("--dataplane-timeout")
        .contains("'soon' (expected: a duration such as 250ms, 5s or 1m)");
  }
}
