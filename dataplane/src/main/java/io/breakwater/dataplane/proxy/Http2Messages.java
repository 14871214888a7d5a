package io.breakwater.dataplane.proxy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;

/**
 * Converts between an HTTP/2 client stream's header blocks and the HTTP/1 message objects the
 * exchange ({@link FrontendHandler}) works with, for {@link Http2Frontend}, which reads frames
 * itself instead of through a child channel per stream (docs/notes/h2-frontend-plan.md).
 *
 * <p>Unlike Netty's {@code HttpConversionUtil} it adds no internal {@code x-http2-*} fields, so
 * nothing has to be stripped again before forwarding.
 */
final class Http2Messages {
  private Http2Messages() {}

  /**
   * The request a HEADERS block opens (RFC 9113 §8.3.1): {@code :method}, the target from {@code
   * :path} ({@code :authority} for CONNECT), {@code Host} from {@code :authority} unless a {@code
   * host} field is present, and the {@code cookie} fields joined into one (§8.2.3). Returns null
   * when a pseudo-header the request needs is missing: the caller resets the stream with
   * PROTOCOL_ERROR.
   */
  static HttpRequest toRequest(Http2Headers h) {
    CharSequence method = h.method();
    if (method == null) {
      return null;
    }
    HttpMethod m = HttpMethod.valueOf(method.toString());
    CharSequence authority = h.authority();
    CharSequence target = HttpMethod.CONNECT.equals(m) ? authority : h.path();
    if (target == null || target.length() == 0) {
      return null;
    }
    HttpHeaders out = new DefaultHttpHeaders(false);
    StringBuilder cookies = null;
    for (Map.Entry<CharSequence, CharSequence> e : h) {
      CharSequence name = e.getKey();
      if (name.length() > 0 && name.charAt(0) == ':') {
        continue;
      }
      if (AsciiString.contentEquals(name, HttpHeaderNames.COOKIE)) {
        if (cookies == null) {
          cookies = new StringBuilder(e.getValue());
        } else {
          cookies.append("; ").append(e.getValue());
        }
        continue;
      }
      out.add(name, e.getValue());
    }
    if (cookies != null) {
      out.add(HttpHeaderNames.COOKIE, cookies.toString());
    }
    if (authority != null && !out.contains(HttpHeaderNames.HOST)) {
      out.add(HttpHeaderNames.HOST, authority);
    }
    return new DefaultHttpRequest(HttpVersion.HTTP_1_1, m, target.toString(), out);
  }

  /**
   * A response head as an HTTP/2 header block: {@code :status} and its fields, see {@link #add}.
   */
  static Http2Headers toHeaders(HttpResponse res) {
    Http2Headers out = new DefaultHttp2Headers(false);
    out.status(res.status().codeAsText());
    add(res.headers(), out);
    return out;
  }

  /** Trailer fields as an HTTP/2 header block (no pseudo-headers), see {@link #add}. */
  static Http2Headers toTrailers(HttpHeaders trailers) {
    Http2Headers out = new DefaultHttp2Headers(false);
    add(trailers, out);
    return out;
  }

  /**
   * Copies HTTP/1 fields into an HTTP/2 block: names lower-cased (§8.2.1), and the
   * connection-specific fields left out (§8.2.2): {@code Connection} and the fields it names,
   * {@code Keep-Alive}, {@code Proxy-Connection}, {@code Transfer-Encoding}, {@code Upgrade}, and
   * {@code TE} unless it is {@code trailers}.
   */
  static void add(HttpHeaders in, Http2Headers out) {
    String connection = in.get(HttpHeaderNames.CONNECTION);
    String[] named = connection == null ? null : connection.split(",");
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = in.iteratorCharSequence();
        it.hasNext(); ) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      AsciiString name = lowerCase(e.getKey());
      if (connectionSpecific(name, named)) {
        continue;
      }
      if (name.contentEquals(HttpHeaderNames.TE)) {
        if (AsciiString.containsIgnoreCase(e.getValue(), HttpHeaderValues.TRAILERS)) {
          out.add(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
        }
        continue;
      }
      out.add(name, e.getValue());
    }
  }

  /**
   * {@code name} in lower case: a common field's constant when it is one in any case (servers write
   * {@code Content-Type}), else the name itself, copied only when it has an upper-case letter.
   */
  static AsciiString lowerCase(CharSequence name) {
    AsciiString a = AsciiString.of(name);
    boolean upper = false;
    for (int i = 0; i < a.length(); i++) {
      if (AsciiString.isUpperCase(a.byteAt(i))) {
        upper = true;
        break;
      }
    }
    if (!upper) {
      return a;
    }
    AsciiString known = COMMON_NAMES[a.hashCode() & (COMMON_NAMES.length - 1)];
    return known != null && known.contentEqualsIgnoreCase(a) ? known : a.toLowerCase();
  }

  /**
   * The response fields servers send most, by their case-insensitive hash ({@link
   * AsciiString#hashCode}); a slot keeps its first name when two collide.
   */
  private static final AsciiString[] COMMON_NAMES = new AsciiString[256];

  static {
    for (AsciiString n :
        new AsciiString[] {
          HttpHeaderNames.CONTENT_TYPE,
          HttpHeaderNames.CONTENT_LENGTH,
          HttpHeaderNames.DATE,
          HttpHeaderNames.SERVER,
          HttpHeaderNames.CONNECTION,
          HttpHeaderNames.KEEP_ALIVE,
          HttpHeaderNames.TRANSFER_ENCODING,
          HttpHeaderNames.CACHE_CONTROL,
          HttpHeaderNames.CONTENT_ENCODING,
          HttpHeaderNames.ETAG,
          HttpHeaderNames.EXPIRES,
          HttpHeaderNames.LAST_MODIFIED,
          HttpHeaderNames.LOCATION,
          HttpHeaderNames.SET_COOKIE,
          HttpHeaderNames.VARY,
          HttpHeaderNames.ACCEPT_RANGES,
          HttpHeaderNames.AGE,
          HttpHeaderNames.CONTENT_LANGUAGE,
          HttpHeaderNames.CONTENT_DISPOSITION,
          HttpHeaderNames.CONTENT_RANGE,
          HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN,
          AsciiString.cached("strict-transport-security"),
          HttpHeaderNames.X_FRAME_OPTIONS,
          AsciiString.cached("x-content-type-options"),
          HttpHeaderNames.WWW_AUTHENTICATE,
          HttpHeaderNames.RETRY_AFTER,
          HttpHeaderNames.ALT_SVC,
          AsciiString.cached("link"),
          HttpHeaderNames.PRAGMA,
          HttpHeaderNames.TRAILER,
          HttpHeaderNames.UPGRADE,
          AsciiString.cached("x-request-id"),
          AsciiString.cached("grpc-status"),
          AsciiString.cached("grpc-message")
        }) {
      int slot = n.hashCode() & (COMMON_NAMES.length - 1);
      if (COMMON_NAMES[slot] == null) {
        COMMON_NAMES[slot] = n;
      }
    }
  }

  private static boolean connectionSpecific(AsciiString name, String[] named) {
    if (name.contentEquals(HttpHeaderNames.CONNECTION)
        || name.contentEquals(HttpHeaderNames.KEEP_ALIVE)
        || name.contentEquals(HttpHeaderNames.PROXY_CONNECTION)
        || name.contentEquals(HttpHeaderNames.TRANSFER_ENCODING)
        || name.contentEquals(HttpHeaderNames.UPGRADE)) {
      return true;
    }
    if (named == null) {
      return false;
    }
    for (String token : named) {
      if (name.contentEqualsIgnoreCase(token.trim())) {
        return true;
      }
    }
    return false;
  }
}
