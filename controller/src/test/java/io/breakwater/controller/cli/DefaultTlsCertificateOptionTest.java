package io.breakwater.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.testing.GeneratedCertificates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --default-tls-certificate NS/NAME}, as {@code breakwater translate} reads it. */
class DefaultTlsCertificateOptionTest {
  @TempDir Path dir;

  private int translate(StringWriter out, StringWriter err, String... flags) throws Exception {
    String[] args = new String[flags.length + 3];
    args[0] = "translate";
    args[1] = "--manifests";
    args[2] = dir.toString();
    System.arraycopy(flags, 0, args, 3, flags.length);
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void theNamedSecretBecomesTheDefaultCertificate() throws Exception {
    Files.writeString(
        dir.resolve("secret.yaml"),
        GeneratedCertificates.secret(
            "edge", "fallback", GeneratedCertificates.forNames("fallback.example.org")));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = translate(out, err, "--default-tls-certificate", "edge/fallback");

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains(
            "defaultCertificate: {secret: edge/fallback, hosts: [], names:"
                + " [fallback.example.org]}");
  }

  @Test
  void aValueThatIsNotNamespaceSlashNameIsRefusedWithTheFlagsName() throws Exception {
    for (String bad : new String[] {"fallback", "/fallback", "edge/", "a/b/c"}) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();

      int code = translate(out, err, "--default-tls-certificate", bad);

      assertThat(code).as(bad).isEqualTo(2);
      assertThat(err.toString())
          .contains("--default-tls-certificate")
          .contains("'" + bad + "' (expected: NAMESPACE/NAME of a kubernetes.io/tls Secret)");
    }
  }
}
