package io.breakwater.dataplane.tls;

import io.breakwater.dataplane.config.BackendTls;
import io.breakwater.dataplane.config.ConfigError;
import io.breakwater.dataplane.config.ConfigException;
import io.breakwater.dataplane.config.Tls;
import io.breakwater.dataplane.tls.TlsContexts.FileStamp;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of a backend's TLS for one config snapshot: one Netty {@link SslContext}, built
 * once when the config is applied and shared by every connection to the backend's servers, and the
 * server name each connection asks for and verifies. Immutable.
 *
 * <p>This is the one place client contexts are built; a backend speaking HTTP/2 over TLS passes its
 * ALPN protocols to {@link #build}.
 */
public final class UpstreamTls {
  private final BackendTls config;
  private final List<String> alpn;
  private final List<FileStamp> files;
  private final SslContext context;

  private UpstreamTls(
      BackendTls config, List<String> alpn, List<FileStamp> files, SslContext context) {
    this.config = config;
    this.alpn = alpn;
    this.files = files;
    this.context = context;
  }

  /**
   * Builds the context of a backend's {@code tls} block at {@code path} ({@code backends[0].tls}),
   * reading its files; every problem is reported at its path.
   *
   * @param alpn protocols offered by ALPN in order of preference ({@code h2}, {@code http/1.1});
   *     empty offers none
   * @throws ConfigException when a file cannot be read, a PEM does not parse, the client key does
   *     not match its certificate, or no configured cipher is supported
   */
  public static UpstreamTls build(BackendTls tls, List<String> alpn, String path) {
    return build(tls, alpn, path, TlsContexts.PROVIDER);
  }

  /** {@link #build(BackendTls, List, String)} on a given engine (tests cover both). */
  static UpstreamTls build(BackendTls tls, List<String> alpn, String path, SslProvider provider) {
    List<ConfigError> errors = new ArrayList<>();
    List<FileStamp> files = new ArrayList<>();
    SslContextBuilder b =
        SslContextBuilder.forClient()
            .sslProvider(provider)
            .protocols(tls.protocols().toArray(new String[0]));
    if (!tls.verify()) {
      b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
    } else {
      // Netty's client default: RFC 2818 name checks against the peer host each handler is given.
      b.endpointIdentificationAlgorithm("HTTPS");
      if (tls.caFile() != null || tls.ca() != null) {
        String p = path + (tls.caFile() != null ? ".caFile" : ".ca");
        try {
          b.trustManager(Pem.certificates(TlsContexts.text(tls.caFile(), tls.ca(), files)));
        } catch (IOException | IllegalArgumentException e) {
          errors.add(new ConfigError(p, TlsContexts.msg(e)));
        }
      }
    }
    Tls.Certificate c = tls.clientCertificate();
    if (c != null) {
      clientCertificate(b, c, path + ".clientCertificate", files, errors);
    }
    if (!alpn.isEmpty()) {
      b.applicationProtocolConfig(
          new ApplicationProtocolConfig(
              ApplicationProtocolConfig.Protocol.ALPN,
              ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
              ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
              alpn));
    }
    if (!tls.ciphers().isEmpty()) {
      b.ciphers(tls.ciphers(), SupportedCipherSuiteFilter.INSTANCE);
    }
    if (!errors.isEmpty()) {
      throw new ConfigException("config", errors);
    }
    SslContext ctx;
    try {
      ctx = b.build();
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("config", List.of(new ConfigError(path, TlsContexts.msg(e))));
    }
    if (!tls.ciphers().isEmpty() && ctx.cipherSuites().isEmpty()) {
      throw new ConfigException(
          "config",
          List.of(
              new ConfigError(
                  path + ".ciphers",
                  String.join(",", tls.ciphers())
                      + " (expected: at least one cipher suite the "
                      + provider
                      + " engine supports)")));
    }
    return new UpstreamTls(tls, List.copyOf(alpn), List.copyOf(files), ctx);
  }

  private static void clientCertificate(
      SslContextBuilder b,
      Tls.Certificate c,
      String p,
      List<FileStamp> files,
      List<ConfigError> errors) {
    List<X509Certificate> chain = null;
    PrivateKey key = null;
    try {
      chain = Pem.certificates(TlsContexts.text(c.certFile(), c.cert(), files));
    } catch (IOException | IllegalArgumentException e) {
      errors.add(
          new ConfigError(p + (c.certFile() != null ? ".certFile" : ".cert"), TlsContexts.msg(e)));
    }
    try {
      key = Pem.privateKey(TlsContexts.text(c.keyFile(), c.key(), files));
    } catch (IOException | IllegalArgumentException e) {
      errors.add(
          new ConfigError(p + (c.keyFile() != null ? ".keyFile" : ".key"), TlsContexts.msg(e)));
    }
    if (chain == null || key == null) {
      return;
    }
    if (!Pem.matches(key, chain.get(0))) {
      errors.add(new ConfigError(p, "the private key does not match the certificate"));
      return;
    }
    b.keyManager(key, chain);
  }

  /**
   * Whether this was built from {@code tls} with these ALPN protocols and its files have not
   * changed since: then an apply keeps it (and the pooled connections made with it).
   */
  public boolean isCurrentFor(BackendTls tls, List<String> alpnProtocols) {
    if (!config.equals(tls) || !alpn.equals(alpnProtocols)) {
      return false;
    }
    for (FileStamp f : files) {
      if (!f.equals(FileStamp.of(f.path()))) {
        return false;
      }
    }
    return true;
  }

  public BackendTls config() {
    return config;
  }

  public SslContext context() {
    return context;
  }

  /**
   * The name a connection to a server at {@code serverHost} asks for and verifies: {@code sni} when
   * set, else the server's host as configured (a DNS name is sent as SNI; an IP address is not, and
   * is verified against the certificate's IP SANs).
   */
  public String peerName(String serverHost) {
    return config.sni() != null ? config.sni() : serverHost;
  }

  /**
   * A handler for a new connection to a server, its handshake bounded by {@code
   * handshakeTimeoutMillis}. The first in the pipeline; writes wait for the handshake.
   */
  public SslHandler newHandler(
      ByteBufAllocator alloc, String serverHost, int port, long handshakeTimeoutMillis) {
    SslHandler h = context.newHandler(alloc, peerName(serverHost), port);
    h.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
    return h;
  }
}
