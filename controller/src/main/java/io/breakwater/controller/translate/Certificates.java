package io.breakwater.controller.translate;

import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.model.ObjectRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The certificates our Ingresses name in {@code spec.tls}, one per Secret with the union of their
 * hosts. Each Secret is checked (exists, is of type {@value ClusterSnapshot#TLS_SECRET_TYPE}, holds
 * PEM in {@code tls.crt} and {@code tls.key}), and, since the dataplane does not serve TLS yet,
 * reported once with a Warning so nobody believes their hosts are served over HTTPS.
 */
final class Certificates {

  static final String NOT_SUPPORTED = "TLS is not supported by the dataplane yet; Secret ";

  private record Use(ObjectRef ingress, String field, Set<String> hosts) {}

  private Certificates() {}

  /**
   * @param ours our Ingresses, oldest first
   */
  static List<Certificate> collect(List<Ingress> ours, SnapshotIndex index, Problems problems) {
    Map<ObjectRef, Use> uses = new TreeMap<>();
    for (Ingress ingress : ours) {
      List<IngressTLS> tls = ingress.getSpec() == null ? null : ingress.getSpec().getTls();
      ObjectRef ref = ObjectRef.of(ingress);
      for (int i = 0; tls != null && i < tls.size(); i++) {
        IngressTLS t = tls.get(i);
        String field = "spec.tls[" + i + "].secretName";
        if (t.getSecretName() == null || t.getSecretName().isEmpty()) {
          problems.error(ref, field, "missing (expected: the name of a kubernetes.io/tls Secret)");
          continue;
        }
        ObjectRef secret = new ObjectRef("Secret", ref.namespace(), t.getSecretName());
        Use use = uses.computeIfAbsent(secret, s -> new Use(ref, field, new TreeSet<>()));
        if (t.getHosts() != null) {
          use.hosts().addAll(t.getHosts());
        }
      }
    }
    List<Certificate> out = new ArrayList<>();
    uses.forEach(
        (secret, use) -> {
          problems.warning(
              use.ingress(),
              use.field(),
              NOT_SUPPORTED
                  + secret.name()
                  + " is checked but not used, so "
                  + served(use.hosts())
                  + " over plain HTTP only");
          Certificate c = certificate(secret, use, index, problems);
          if (c != null) {
            out.add(c);
          }
        });
    return out;
  }

  private static String served(Set<String> hosts) {
    List<String> h = List.copyOf(hosts);
    return switch (h.size()) {
      case 0 -> "requests are served";
      case 1 -> h.get(0) + " is served";
      default ->
          String.join(", ", h.subList(0, h.size() - 1))
              + " and "
              + h.get(h.size() - 1)
              + " are served";
    };
  }

  private static Certificate certificate(
      ObjectRef ref, Use use, SnapshotIndex index, Problems problems) {
    Secret s = index.secret(ref.namespace(), ref.name());
    if (s == null) {
      problems.error(
          use.ingress(),
          use.field(),
          "Secret "
              + ref.namespacedName()
              + " of type "
              + ClusterSnapshot.TLS_SECRET_TYPE
              + " not found");
      return null;
    }
    if (!ClusterSnapshot.TLS_SECRET_TYPE.equals(s.getType())) {
      problems.error(
          use.ingress(),
          use.field(),
          "Secret "
              + ref.namespacedName()
              + " is of type "
              + s.getType()
              + " (expected: "
              + ClusterSnapshot.TLS_SECRET_TYPE
              + ")");
      return null;
    }
    Map<String, String> pem = new LinkedHashMap<>();
    for (String key : List.of("tls.crt", "tls.key")) {
      String text = value(s, key);
      String marker = key.equals("tls.crt") ? "CERTIFICATE-----" : "PRIVATE KEY-----";
      if (text == null || !text.contains("-----BEGIN ") || !text.contains(marker)) {
        problems.error(
            ref,
            "data[" + key + "]",
            (text == null ? "missing" : "not PEM")
                + " (expected: a PEM "
                + (key.equals("tls.crt") ? "certificate chain" : "private key")
                + ")");
        return null;
      }
      pem.put(key, text);
    }
    return new Certificate(ref, List.copyOf(use.hosts()), pem.get("tls.crt"), pem.get("tls.key"));
  }

  /** The text of a key: {@code data} (base64) first, else {@code stringData} (manifests). */
  private static String value(Secret s, String key) {
    String b64 = s.getData() == null ? null : s.getData().get(key);
    if (b64 != null) {
      try {
        return new String(Base64.getMimeDecoder().decode(b64), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return "";
      }
    }
    return s.getStringData() == null ? null : s.getStringData().get(key);
  }
}
