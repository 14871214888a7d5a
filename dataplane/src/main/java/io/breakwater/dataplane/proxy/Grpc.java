package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.stats.ProxyErrorKind;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;

/**
 * What the proxy knows about gRPC (the HTTP/2 protocol in gRPC's {@code PROTOCOL-HTTP2.md}): which
 * requests are gRPC calls, their deadline ({@code grpc-timeout}), and the gRPC-shaped answers the
 * proxy gives when it cannot reach a server. Only requests from HTTP/2 clients are looked at, so an
 * HTTP/1.1 connection pays nothing for any of this.
 */
final class Grpc {
  static final AsciiString GRPC_TIMEOUT = AsciiString.cached("grpc-timeout");
  static final AsciiString GRPC_STATUS = AsciiString.cached("grpc-status");
  static final AsciiString GRPC_MESSAGE = AsciiString.cached("grpc-message");
  static final AsciiString CONTENT_TYPE = AsciiString.cached("application/grpc");
  static final String DEADLINE_MESSAGE = "deadline exceeded at the proxy";

  /** gRPC status codes the proxy answers with. */
  static final int UNKNOWN = 2;

  static final int DEADLINE_EXCEEDED = 4;
  static final int PERMISSION_DENIED = 7;
  static final int UNIMPLEMENTED = 12;
  static final int INTERNAL = 13;
  static final int UNAVAILABLE = 14;
  static final int UNAUTHENTICATED = 16;

  private Grpc() {}

  /** True for a gRPC call: {@code content-type: application/grpc} or {@code application/grpc+…}. */
  static boolean isGrpc(HttpRequest req) {
    String ct = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
    return ct != null
        && ct.regionMatches(true, 0, "application/grpc", 0, 16)
        && (ct.length() == 16 || ct.charAt(16) == '+' || ct.charAt(16) == ';');
  }

  /**
   * The call's deadline from {@code grpc-timeout} (1 to 8 ASCII digits and a unit: H, M, S, m, u,
   * n), in nanoseconds; -1 without one, or when it is malformed (the server then judges it).
   */
  static long timeoutNanos(CharSequence value) {
    if (value == null) {
      return -1;
    }
    int n = value.length();
    if (n < 2 || n > 9) {
      return -1;
    }
    long amount = 0;
    for (int i = 0; i < n - 1; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      amount = amount * 10 + (c - '0');
    }
    long unitNanos =
        switch (value.charAt(n - 1)) {
          case 'H' -> 3_600_000_000_000L;
          case 'M' -> 60_000_000_000L;
          case 'S' -> 1_000_000_000L;
          case 'm' -> 1_000_000L;
          case 'u' -> 1_000L;
          case 'n' -> 1L;
          default -> -1L;
        };
    if (unitNanos < 0) {
      return -1;
    }
    // 99,999,999 hours overflows a long of nanoseconds: such a deadline is as good as none.
    return amount > Long.MAX_VALUE / unitNanos ? Long.MAX_VALUE : amount * unitNanos;
  }

  /**
   * The gRPC status for an answer the proxy gives with HTTP status {@code httpStatus}, by gRPC's
   * HTTP-to-gRPC mapping ({@code http-grpc-status-mapping.md}): 400 → INTERNAL, 401 →
   * UNAUTHENTICATED, 403 → PERMISSION_DENIED, 404 → UNIMPLEMENTED, 429/502/503/504 → UNAVAILABLE,
   * anything else → UNKNOWN.
   */
  static int statusFor(int httpStatus) {
    return switch (httpStatus) {
      case 400 -> INTERNAL;
      case 401 -> UNAUTHENTICATED;
      case 403 -> PERMISSION_DENIED;
      case 404 -> UNIMPLEMENTED;
      case 429, 502, 503, 504 -> UNAVAILABLE;
      default -> UNKNOWN;
    };
  }

  /**
   * A trailers-only gRPC answer: HTTP 200, {@code content-type: application/grpc}, {@code
   * grpc-status} and {@code grpc-message} in the one HEADERS frame that ends the stream.
   */
  static FullHttpResponse trailersOnly(
      ByteBufAllocator alloc, int grpcStatus, ProxyErrorKind kind, int httpStatus) {
    FullHttpResponse res =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.OK, alloc.buffer(0, 0), false);
    HttpHeaders h = res.headers();
    h.set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
    h.set(GRPC_STATUS, grpcStatus);
    h.set(GRPC_MESSAGE, message(grpcStatus, kind, httpStatus));
    return res;
  }

  /** The trailers that end a response the proxy cuts off at the deadline. */
  static LastHttpContent deadlineTrailers() {
    LastHttpContent last = new DefaultLastHttpContent();
    last.trailingHeaders().set(GRPC_STATUS, DEADLINE_EXCEEDED);
    last.trailingHeaders().set(GRPC_MESSAGE, DEADLINE_MESSAGE);
    return last;
  }

  /** {@code grpc-message}: printable ASCII as is, anything else and {@code %} percent-encoded. */
  private static String message(int grpcStatus, ProxyErrorKind kind, int httpStatus) {
    if (grpcStatus == DEADLINE_EXCEEDED) {
      return DEADLINE_MESSAGE;
    }
    String text = LocalResponses.body(kind).trim();
    if (text.isEmpty()) {
      text = "proxy answered HTTP " + httpStatus;
    }
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c <= 0x7e && c != '%') {
        b.append(c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)));
        b.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return b.toString();
  }
}
