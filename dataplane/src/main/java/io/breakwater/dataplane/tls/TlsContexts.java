package io.breakwater.dataplane.tls;

import io.breakwater.dataplane.config.ConfigError;
import io.breakwater.dataplane.config.ConfigException;
import io.breakwater.dataplane.config.Tls;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.Mapping;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * A frontend's TLS contexts for one config snapshot, and the SNI choice among them: an exact name
 * first, then a wildcard one label up ({@code *.example.com} for {@code a.example.com}), then the
 * first certificate. Immutable; a config change builds a new one and only new connections use it,
 * so open connections keep their session.
 */
public final class TlsContexts implements Mapping<String, SslContext> {

  /** The engine: BoringSSL through netty-tcnative when its native library loads, else the JDK. */
  public static final SslProvider PROVIDER =
      OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;

  /** What ALPN offers when HTTP/2 is on, in order of preference. */
  private static final ApplicationProtocolConfig H2_AND_HTTP1 =
      new ApplicationProtocolConfig(
          ApplicationProtocolConfig.Protocol.ALPN,
          ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
          ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
          ApplicationProtocolNames.HTTP_2,
          ApplicationProtocolNames.HTTP_1_1);

  private final Tls config;
  private final boolean http2;
  private final List<FileStamp> files;
  private final SslContext defaultContext;
  private final Map<String, SslContext> exact;
  private final Map<String, SslContext> wildcard; // keyed by ".example.com"

  private TlsContexts(
      Tls config,
      boolean http2,
      List<FileStamp> files,
      SslContext defaultContext,
      Map<String, SslContext> exact,
      Map<String, SslContext> wildcard) {
    this.config = config;
    this.http2 = http2;
    this.files = files;
    this.defaultContext = defaultContext;
    this.exact = exact;
    this.wildcard = wildcard;
  }

  /** A file a certificate came from, as it was when read: a change means reading it again. */
  record FileStamp(Path path, long modified, long size) {
    static FileStamp of(Path p) {
      try {
        return new FileStamp(p, Files.getLastModifiedTime(p).toMillis(), Files.size(p));
      } catch (IOException e) {
        return new FileStamp(p, -1, -1);
      }
    }
  }

  /**
   * Builds the contexts of a frontend's {@code tls} block at {@code path} ({@code
   * frontends[0].tls}); every problem is reported at its path.
   *
   * @throws ConfigException when a file cannot be read, a PEM does not parse, a key does not match
   *     its certificate, or no configured cipher is supported
   */
  public static TlsContexts build(Tls tls, boolean http2, String path) {
    List<ConfigError> errors = new ArrayList<>();
    List<FileStamp> files = new ArrayList<>();
    SslContext first = null;
    Map<String, SslContext> exact = new HashMap<>();
    Map<String, SslContext> wildcard = new HashMap<>();
    for (int i = 0; i < tls.certificates().size(); i++) {
      Tls.Certificate c = tls.certificates().get(i);
      String p = path + ".certificates[" + i + "]";
      List<X509Certificate> chain = null;
      PrivateKey key = null;
      try {
        chain = Pem.certificates(text(c.certFile(), c.cert(), files));
      } catch (IOException | IllegalArgumentException e) {
        errors.add(new ConfigError(p + (c.certFile() != null ? ".certFile" : ".cert"), msg(e)));
      }
      try {
        key = Pem.privateKey(text(c.keyFile(), c.key(), files));
      } catch (IOException | IllegalArgumentException e) {
        errors.add(new ConfigError(p + (c.keyFile() != null ? ".keyFile" : ".key"), msg(e)));
      }
      if (chain == null || key == null) {
        continue;
      }
      if (!Pem.matches(key, chain.get(0))) {
        errors.add(new ConfigError(p, "the private key does not match the certificate"));
        continue;
      }
      SslContext ctx;
      try {
        ctx = context(tls, http2, key, chain);
      } catch (IOException | RuntimeException e) {
        errors.add(new ConfigError(path, msg(e)));
        break;
      }
      if (!tls.ciphers().isEmpty() && ctx.cipherSuites().isEmpty()) {
        errors.add(
            new ConfigError(
                path + ".ciphers",
                String.join(",", tls.ciphers())
                    + " (expected: at least one cipher suite the "
                    + PROVIDER
                    + " engine supports)"));
        break;
      }
      if (first == null) {
        first = ctx;
      }
      for (String name : names(chain.get(0))) {
        if (name.startsWith("*.")) {
          wildcard.putIfAbsent(name.substring(1), ctx);
        } else {
          exact.putIfAbsent(name, ctx);
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new ConfigException("config", errors);
    }
    return new TlsContexts(
        tls, http2, List.copyOf(files), first, Map.copyOf(exact), Map.copyOf(wildcard));
  }

  /** Whether this was built from {@code tls} and its files have not changed since. */
  public boolean isCurrentFor(Tls tls, boolean http2) {
    if (!config.equals(tls) || this.http2 != http2) {
      return false;
    }
    for (FileStamp f : files) {
      if (!f.equals(FileStamp.of(f.path()))) {
        return false;
      }
    }
    return true;
  }

  /** The context for an SNI host name; {@code null} (no SNI) gets the first certificate's. */
  @Override
  public SslContext map(String hostname) {
    if (hostname == null) {
      return defaultContext;
    }
    String host = hostname.toLowerCase(Locale.ROOT);
    SslContext c = exact.get(host);
    if (c == null) {
      int dot = host.indexOf('.');
      if (dot > 0) {
        c = wildcard.get(host.substring(dot));
      }
    }
    return c != null ? c : defaultContext;
  }

  private static SslContext context(
      Tls tls, boolean http2, PrivateKey key, List<X509Certificate> chain) throws IOException {
    SslContextBuilder b =
        SslContextBuilder.forServer(key, chain.toArray(new X509Certificate[0]))
            .sslProvider(PROVIDER)
            .protocols(tls.protocols().toArray(new String[0]));
    if (http2) {
      b.applicationProtocolConfig(H2_AND_HTTP1);
    }
    if (!tls.ciphers().isEmpty()) {
      b.ciphers(tls.ciphers(), SupportedCipherSuiteFilter.INSTANCE);
    }
    return b.build();
  }

  static String text(String file, String inline, List<FileStamp> files) throws IOException {
    if (file == null) {
      return inline;
    }
    Path p = Path.of(file);
    files.add(FileStamp.of(p));
    return Files.readString(p, StandardCharsets.US_ASCII);
  }

  static String msg(Exception e) {
    if (e instanceof java.nio.file.NoSuchFileException n) {
      return n.getFile() + ": no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException a) {
      return a.getFile() + ": permission denied";
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  /** The DNS names a certificate is for: its SANs, or its common name when it has none. */
  static List<String> names(X509Certificate cert) {
    List<String> out = new ArrayList<>();
    try {
      if (cert.getSubjectAlternativeNames() != null) {
        for (List<?> san : cert.getSubjectAlternativeNames()) {
          if (Integer.valueOf(2).equals(san.get(0))) {
            out.add(((String) san.get(1)).toLowerCase(Locale.ROOT));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // no usable SANs: fall back to the CN
    }
    if (out.isEmpty()) {
      try {
        for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
          if (rdn.getType().equalsIgnoreCase("CN")) {
            out.add(rdn.getValue().toString().toLowerCase(Locale.ROOT));
          }
        }
      } catch (InvalidNameException e) {
        // no names: served only as the default
      }
    }
    return out;
  }
}
