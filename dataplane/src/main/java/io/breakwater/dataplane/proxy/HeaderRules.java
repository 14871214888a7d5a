package io.breakwater.dataplane.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * How headers change on the way through (RFC 9110 §7.6.1): hop-by-hop fields are removed in both
 * directions, {@code X-Forwarded-*} are added to requests, and the {@code Connection} field toward
 * the client says what the proxy will do. Pure functions over Netty's mutable header objects, which
 * are changed in place so nothing is copied.
 */
final class HeaderRules {
  static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
  static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
  static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
  static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");
  static final AsciiString HTTP = AsciiString.cached("http");

  private HeaderRules() {}

  /**
   * True when the request asks to switch protocols: an {@code Upgrade} field named by a {@code
   * Connection: upgrade} token (RFC 9110 §7.8). Call before {@link #prepareRequest}, which removes
   * what it reads.
   */
  static boolean isUpgrade(HttpRequest req) {
    HttpHeaders h = req.headers();
    return h.contains(HttpHeaderNames.UPGRADE)
        && h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
  }

  /** True when the request carries {@code TE: trailers} (before {@link #prepareRequest}). */
  static boolean acceptsTrailers(HttpRequest req) {
    return req.headers().containsValue(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS, true);
  }

  /**
   * Rewrites a client request for the server: HTTP/1.1 with keep-alive, hop-by-hop fields gone
   * (kept {@code Upgrade} when upgrading), {@code X-Forwarded-For} appended, {@code
   * X-Forwarded-Proto}, {@code -Host} and {@code -Port} set. {@code Transfer-Encoding} stays: the
   * encoder needs it to re-frame a chunked body.
   */
  static void prepareRequest(
      HttpRequest req, boolean upgrade, String clientIp, String proto, String localPort) {
    HttpHeaders h = req.headers();
    removeHopByHop(h);
    if (upgrade) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    } else {
      h.remove(HttpHeaderNames.UPGRADE);
    }
    if (req.protocolVersion() != HttpVersion.HTTP_1_1) {
      req.setProtocolVersion(HttpVersion.HTTP_1_1);
    }
    String xff = h.get(X_FORWARDED_FOR);
    h.set(X_FORWARDED_FOR, xff == null ? clientIp : xff + ", " + clientIp);
    h.set(X_FORWARDED_PROTO, proto);
    String host = h.get(HttpHeaderNames.HOST);
    if (host != null) {
      h.set(X_FORWARDED_HOST, host);
    }
    h.set(X_FORWARDED_PORT, localPort);
  }

  /**
   * True when the response's body length is known from the message itself (so the connection can
   * carry another response), not by the server closing the connection (RFC 9112 §6.3).
   */
  static boolean selfDelimited(HttpResponse res, boolean headRequest) {
    int code = res.status().code();
    return headRequest
        || code < 200
        || code == 204
        || code == 304
        || HttpUtil.isTransferEncodingChunked(res)
        || res.headers().contains(HttpHeaderNames.CONTENT_LENGTH);
  }

  /**
   * Rewrites a server response for the client. Returns whether the client connection must close
   * after it: when {@code close} was asked, or when the body cannot be delimited for this client
   * (an HTTP/1.0 client cannot read chunked framing). A close-delimited body to an HTTP/1.1 client
   * is re-framed as chunked so the connection survives.
   */
  static boolean prepareResponse(
      HttpResponse res, boolean close, boolean http10Client, boolean headRequest) {
    HttpHeaders h = res.headers();
    boolean delimited = selfDelimited(res, headRequest);
    removeHopByHop(h);
    h.remove(HttpHeaderNames.UPGRADE);
    if (!delimited) {
      if (http10Client) {
        close = true;
      } else {
        h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      }
    } else if (http10Client && HttpUtil.isTransferEncodingChunked(res)) {
      h.remove(HttpHeaderNames.TRANSFER_ENCODING);
      close = true;
    }
    res.setProtocolVersion(HttpVersion.HTTP_1_1);
    if (close) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (http10Client) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    return close;
  }

  /**
   * Rewrites an informational (1xx, not 101) response: hop-by-hop fields go, and it goes out as
   * HTTP/1.1 like every response the proxy writes (a server that claims HTTP/1.0 cannot send 1xx).
   */
  static void prepareInterim(HttpResponse res) {
    res.setProtocolVersion(HttpVersion.HTTP_1_1);
    removeHopByHop(res.headers());
    res.headers().remove(HttpHeaderNames.UPGRADE);
  }

  /** Rewrites a 101 response: hop-by-hop fields go except the protocol switch itself. */
  static void prepareSwitch(HttpResponse res) {
    res.setProtocolVersion(HttpVersion.HTTP_1_1);
    HttpHeaders h = res.headers();
    removeHopByHop(h);
    h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
  }

  /**
   * Removes {@code Connection} and every field it names, {@code Keep-Alive}, {@code
   * Proxy-Connection}, {@code TE} and {@code Trailer}. {@code Upgrade} is left to the caller.
   */
  static void removeHopByHop(HttpHeaders h) {
    List<String> connection = h.getAll(HttpHeaderNames.CONNECTION);
    if (!connection.isEmpty()) {
      for (String value : connection) {
        removeNamedFields(h, value);
      }
      h.remove(HttpHeaderNames.CONNECTION);
    }
    h.remove(HttpHeaderNames.KEEP_ALIVE);
    h.remove(PROXY_CONNECTION);
    h.remove(HttpHeaderNames.TE);
    h.remove(HttpHeaderNames.TRAILER);
  }

  private static void removeNamedFields(HttpHeaders h, String value) {
    int start = 0;
    int len = value.length();
    while (start < len) {
      int comma = value.indexOf(',', start);
      int end = comma < 0 ? len : comma;
      int s = start;
      int e = end;
      while (s < e && isSpace(value.charAt(s))) {
        s++;
      }
      while (e > s && isSpace(value.charAt(e - 1))) {
        e--;
      }
      if (e > s) {
        String token = value.substring(s, e);
        // Framing fields are never removed on the say-so of Connection: that would desync the body.
        if (!token.equalsIgnoreCase("close")
            && !token.equalsIgnoreCase("keep-alive")
            && !token.equalsIgnoreCase("upgrade")
            && !token.equalsIgnoreCase("transfer-encoding")
            && !token.equalsIgnoreCase("content-length")
            && !token.equalsIgnoreCase("host")) {
          h.remove(token);
        }
      }
      start = end + 1;
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }

  /** True for an HTTP/1.0 (or older) message. */
  static boolean isHttp10(HttpMessage m) {
    HttpVersion v = m.protocolVersion();
    return v.majorVersion() == 1 && v.minorVersion() == 0;
  }
}
