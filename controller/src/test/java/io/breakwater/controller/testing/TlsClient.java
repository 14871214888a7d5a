package io.breakwater.controller.testing;

import io.breakwater.dataplane.testing.RawHttp;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One HTTPS request on a new connection, with the JDK's client: it sends an SNI name, trusts any
 * certificate (tests make their own), and returns the certificate the server presented with the
 * answer.
 */
public final class TlsClient {

  /**
   * @param certificate the leaf certificate the server presented
   * @param status the response status
   * @param server the {@code x-echo-server} header: which echo backend answered
   */
  public record Answer(X509Certificate certificate, int status, String server) {}

  private TlsClient() {}

  /** {@code GET /} with {@code Host} and SNI {@code host}, to 127.0.0.1:{@code port}. */
  public static Answer get(int port, String host) throws IOException {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new TrustAll()}, null);
      try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
        s.setSoTimeout(10_000);
        SSLParameters p = s.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName(host)));
        s.setSSLParameters(p);
        s.startHandshake();
        X509Certificate cert = (X509Certificate) s.getSession().getPeerCertificates()[0];
        RawHttp.Response r = new RawHttp(s).get("/", host);
        return new Answer(cert, r.status(), r.header("x-echo-server"));
      }
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  /**
   * Whether a handshake for {@code host} gets {@code cert}; false while the port refuses or the
   * exchange fails, for use in {@code Await.until}.
   */
  public static boolean presents(int port, String host, X509Certificate cert) {
    try {
      return get(port, host).certificate().equals(cert);
    } catch (IOException e) {
      return false;
    }
  }

  /** Trusts every certificate: these tests check which one is served, not who signed it. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
