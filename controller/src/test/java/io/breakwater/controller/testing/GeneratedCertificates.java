package io.breakwater.controller.testing;

import io.breakwater.dataplane.testing.TestCertificates;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates for test manifests, made at test time so that no private key is committed. A
 * manifest writes {@code "<certificate for a.example.com *.b.example.com>"} and {@code "<key for
 * a.example.com *.b.example.com>"} (with the quotes) where PEM goes; both become the PEM of one
 * ECDSA certificate for those names and its key, the same pair for the same names within a run.
 */
public final class GeneratedCertificates {
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\"<(certificate|key) for ([^>\"]+)>\"");
  private static final Map<String, TestCertificates.Issued> ISSUED = new ConcurrentHashMap<>();

  private GeneratedCertificates() {}

  /** The certificate and key for these names (space-separated), made once per run. */
  public static TestCertificates.Issued forNames(String names) {
    return ISSUED.computeIfAbsent(
        names.trim(),
        n -> TestCertificates.ec(Arrays.stream(n.split("\\s+")).toArray(String[]::new)));
  }

  /** A {@code kubernetes.io/tls} Secret manifest holding {@code issued} in {@code stringData}. */
  public static String secret(String namespace, String name, TestCertificates.Issued issued) {
    return """
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: %s, namespace: %s}
        type: kubernetes.io/tls
        stringData:
          tls.crt: %s
          tls.key: %s
        """
        .formatted(name, namespace, quoted(issued.certPem()), quoted(issued.traditionalPem()));
  }

  /** {@code yaml} with every placeholder replaced by a double-quoted PEM. */
  public static String substitute(String yaml) {
    Matcher m = PLACEHOLDER.matcher(yaml);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      TestCertificates.Issued issued = forNames(m.group(2));
      String pem = m.group(1).equals("certificate") ? issued.certPem() : issued.traditionalPem();
      m.appendReplacement(out, Matcher.quoteReplacement(quoted(pem)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
