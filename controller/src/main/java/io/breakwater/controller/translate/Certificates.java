package io.breakwater.controller.translate;

import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.model.ObjectRef;
import io.breakwater.dataplane.tls.Pem;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The certificates to serve: one per Secret our Ingresses name in {@code spec.tls} (oldest Ingress
 * first, with the union of the hosts its entries list), and the default certificate. Each Secret is
 * checked as the dataplane will check it (exists, is of type {@value
 * ClusterSnapshot#TLS_SECRET_TYPE}, {@code tls.crt} is a PEM chain and {@code tls.key} a PEM key
 * that matches it, read by the dataplane's {@code Pem}): one that fails is an Error on every
 * Ingress naming it and is left out, since the dataplane refuses a whole config with a bad
 * certificate. A host an entry lists that the certificate's names do not cover is a Warning.
 */
final class Certificates {

  private record Use(ObjectRef ingress, String field, List<String> hosts) {}

  private Certificates() {}

  /**
   * @param ours our Ingresses, oldest first
   */
  static List<Certificate> collect(List<Ingress> ours, SnapshotIndex index, Problems problems) {
    Map<ObjectRef, List<Use>> uses = new LinkedHashMap<>();
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
        List<String> hosts = t.getHosts() == null ? List.of() : t.getHosts();
        uses.computeIfAbsent(secret, s -> new ArrayList<>()).add(new Use(ref, field, hosts));
      }
    }
    List<Certificate> out = new ArrayList<>();
    uses.forEach(
        (secret, list) -> {
          Set<ObjectRef> told = new TreeSet<>();
          Set<String> hosts = new TreeSet<>();
          list.forEach(u -> hosts.addAll(u.hosts()));
          Certificate c =
              read(
                  secret,
                  List.copyOf(hosts),
                  index,
                  message -> {
                    for (Use u : list) {
                      if (told.add(u.ingress())) {
                        problems.error(
                            u.ingress(),
                            u.field(),
                            message + "; left out, so its hosts get another certificate");
                      }
                    }
                  });
          if (c == null) {
            return;
          }
          for (Use u : list) {
            for (String host : u.hosts()) {
              if (!covers(c.names(), host)) {
                problems.warning(
                    u.ingress(),
                    u.field(),
                    "the certificate of Secret "
                        + secret.namespacedName()
                        + " is for "
                        + String.join(", ", c.names())
                        + ", not "
                        + host
                        + "; clients asking for "
                        + host
                        + " get another certificate");
              }
            }
          }
          out.add(c);
        });
    return out;
  }

  /**
   * The certificate of the {@code --default-tls-certificate} Secret, or {@code null} when there is
   * none or it is not usable (an Error on the Secret).
   */
  static Certificate defaultCertificate(ObjectRef secret, SnapshotIndex index, Problems problems) {
    if (secret == null) {
      return null;
    }
    return read(
        secret,
        List.of(),
        index,
        message ->
            problems.error(
                secret,
                "",
                "--default-tls-certificate: "
                    + message
                    + "; the TLS frontends keep the bootstrap's default certificate"));
  }

  /** Whether a certificate with these names is served for {@code host} (an Ingress host). */
  static boolean covers(List<String> names, String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (names.contains(h)) {
      return true;
    }
    int dot = h.indexOf('.');
    return !h.startsWith("*.") && dot > 0 && names.contains("*" + h.substring(dot));
  }

  /** The Secret's certificate, or {@code null} after telling {@code error} what is wrong. */
  private static Certificate read(
      ObjectRef ref, List<String> hosts, SnapshotIndex index, Consumer<String> error) {
    Secret s = index.secret(ref.namespace(), ref.name());
    String name = "Secret " + ref.namespacedName();
    if (s == null) {
      error.accept(name + " of type " + ClusterSnapshot.TLS_SECRET_TYPE + " not found");
      return null;
    }
    if (!ClusterSnapshot.TLS_SECRET_TYPE.equals(s.getType())) {
      error.accept(
          name
              + " is of type "
              + s.getType()
              + " (expected: "
              + ClusterSnapshot.TLS_SECRET_TYPE
              + ")");
      return null;
    }
    String certPem = value(s, "tls.crt");
    String keyPem = value(s, "tls.key");
    if (certPem == null || keyPem == null) {
      error.accept(
          name
              + ": data["
              + (certPem == null ? "tls.crt" : "tls.key")
              + "] missing (expected: a PEM "
              + (certPem == null ? "certificate chain" : "private key")
              + ")");
      return null;
    }
    List<X509Certificate> chain;
    PrivateKey key;
    try {
      chain = Pem.certificates(certPem);
    } catch (RuntimeException e) {
      error.accept(name + ": data[tls.crt]: " + e.getMessage());
      return null;
    }
    try {
      key = Pem.privateKey(keyPem);
    } catch (RuntimeException e) {
      error.accept(name + ": data[tls.key]: " + e.getMessage());
      return null;
    }
    if (!Pem.matches(key, chain.get(0))) {
      error.accept(
          name
              + ": the private key in data[tls.key] does not match the certificate in data[tls.crt]");
      return null;
    }
    return new Certificate(ref, hosts, Pem.names(chain.get(0)), certPem, keyPem);
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
