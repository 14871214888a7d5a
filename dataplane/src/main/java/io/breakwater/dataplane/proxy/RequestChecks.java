package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.route.RequestTarget;
import io.breakwater.dataplane.stats.ProxyErrorKind;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;

/**
 * The checks a decoded request head must pass beyond what Netty's decoder enforces (strict CRLF,
 * header-name syntax, Content-Length and Transfer-Encoding framing per RFC 9112): the version, the
 * Host field (RFC 9112 §3.2), the request-target form, the method, and the number of fields. Pure
 * and allocation-free on the accepting path; each refusal names what was wrong.
 */
final class RequestChecks {

  private RequestChecks() {}

  /** The reason to refuse {@code req}, or {@code null} when it may be forwarded. */
  static RequestRejection check(HttpRequest req, int maxHeaderCount) {
    HttpVersion v = req.protocolVersion();
    if (v.majorVersion() != 1 || v.minorVersion() > 1) {
      return new RequestRejection("unsupported protocol version " + v.text());
    }
    HttpHeaders h = req.headers();
    if (h.size() > maxHeaderCount) {
      return new RequestRejection(
          ProxyErrorKind.HEADERS_TOO_LARGE,
          h.size() + " header fields (expected: at most " + maxHeaderCount + ")");
    }
    if (HttpMethod.CONNECT.equals(req.method())) {
      return new RequestRejection(ProxyErrorKind.METHOD_NOT_ALLOWED, "CONNECT is not enabled");
    }
    String target = req.uri();
    if (target.equals("*") && !HttpMethod.OPTIONS.equals(req.method())) {
      return new RequestRejection("asterisk-form is only for OPTIONS");
    }
    if (!visible(target)) {
      return new RequestRejection("control character in the request target");
    }
    List<String> hosts = h.getAll(HttpHeaderNames.HOST);
    if (hosts.size() > 1) {
      return new RequestRejection("more than one Host field");
    }
    String host = hosts.isEmpty() ? null : hosts.get(0);
    if (host == null) {
      return v.minorVersion() == 1 ? new RequestRejection("HTTP/1.1 request without Host") : null;
    }
    if (!validHost(host)) {
      return new RequestRejection("invalid Host");
    }
    int authority = RequestTarget.authorityStart(target);
    if (authority >= 0) {
      int end = RequestTarget.authorityEnd(target, authority);
      if (target.lastIndexOf('@', end - 1) >= authority) {
        return new RequestRejection("userinfo in the request target");
      }
      boolean https = target.regionMatches(true, 0, "https:", 0, 6);
      if (!sameAuthority(target, authority, end, host, https ? 443 : 80)) {
        return new RequestRejection("the request target's authority differs from Host");
      }
    } else if (target.isEmpty() || (target.charAt(0) != '/' && !target.equals("*"))) {
      return new RequestRejection("invalid request target");
    }
    return null;
  }

  /**
   * Whether {@code target} is free of spaces and control characters (RFC 9112 §3.2: none of its
   * forms allows them). Netty's decoder splits the request line at spaces but keeps NUL, tab and
   * the like inside the target, which would reach the backend verbatim.
   */
  private static boolean visible(String target) {
    for (int i = 0, n = target.length(); i < n; i++) {
      char c = target.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code uri-host [":" port]} (RFC 9110 §7.2): a reg-name of unreserved, percent-encoded and
   * sub-delimiter characters except the comma (a list is two hosts), or an IP literal in brackets;
   * an empty value is allowed (RFC 9112 §3.2).
   */
  static boolean validHost(CharSequence host) {
    int len = host.length();
    int i = 0;
    if (len > 0 && host.charAt(0) == '[') {
      int close = indexOf(host, ']', 1);
      if (close < 2) {
        return false;
      }
      for (int j = 1; j < close; j++) {
        char c = host.charAt(j);
        if (!(isHex(c) || c == ':' || c == '.')) {
          return false;
        }
      }
      i = close + 1;
    } else {
      while (i < len && host.charAt(i) != ':') {
        if (!isRegNameChar(host.charAt(i))) {
          return false;
        }
        i++;
      }
    }
    if (i == len) {
      return true;
    }
    if (host.charAt(i) != ':') {
      return false;
    }
    for (int j = i + 1; j < len; j++) {
      char c = host.charAt(j);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return len - i - 1 <= 5;
  }

  /**
   * Whether the authority {@code target[from, to)} names the same host and port as {@code host},
   * ignoring case and a port equal to the scheme's default.
   */
  private static boolean sameAuthority(
      String target, int from, int to, String host, int defaultPort) {
    int a = withoutDefaultPort(target, from, to, defaultPort);
    int b = withoutDefaultPort(host, 0, host.length(), defaultPort);
    return a - from == b && a > from && target.regionMatches(true, from, host, 0, b);
  }

  /** The end of {@code s[from, to)} with a trailing {@code :defaultPort} (or bare colon) cut. */
  private static int withoutDefaultPort(String s, int from, int to, int defaultPort) {
    int colon = -1;
    for (int i = to - 1; i >= from; i--) {
      char c = s.charAt(i);
      if (c == ':') {
        colon = i;
        break;
      }
      if (c < '0' || c > '9') {
        return to;
      }
    }
    if (colon < 0) {
      return to;
    }
    if (colon == to - 1) {
      return colon;
    }
    String port = s.substring(colon + 1, to);
    return port.length() <= 5 && Integer.parseInt(port) == defaultPort ? colon : to;
  }

  private static int indexOf(CharSequence s, char c, int from) {
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isRegNameChar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return true;
    }
    return switch (c) {
      case '-', '.', '_', '~', '%', '!', '$', '&', '\'', '(', ')', '*', '+', ';', '=' -> true;
      default -> false;
    };
  }
}
