package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.stats.ProxyErrorKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Responses the proxy writes itself: short, plain text, and saying why. */
final class LocalResponses {
  /** Marks answers the proxy gave because a backend is over a limit or its breaker is open. */
  static final io.netty.util.AsciiString OVERLOADED =
      io.netty.util.AsciiString.cached("x-breakwater-overloaded");

  private LocalResponses() {}

  /** The text body for a kind of error; one line, ends with a newline. */
  static String body(ProxyErrorKind kind) {
    return switch (kind) {
      case BAD_REQUEST -> "400 Bad Request: the request is malformed.\n";
      case URI_TOO_LONG -> "414 URI Too Long: the request line is too long.\n";
      case HEADERS_TOO_LARGE -> "431 Request Header Fields Too Large.\n";
      case NO_ROUTE -> "404 Not Found: no route matches this host and path.\n";
      case REQUEST_TIMEOUT -> "408 Request Timeout: the request was not received in time.\n";
      case CONNECT_FAILED -> "502 Bad Gateway: could not connect to a server.\n";
      case BAD_RESPONSE -> "502 Bad Gateway: the server sent an invalid or no response.\n";
      case NO_SERVER -> "503 Service Unavailable: no server is available.\n";
      case QUEUE_FULL -> "503 Service Unavailable: all servers are busy and the queue is full.\n";
      case QUEUE_TIMEOUT -> "503 Service Unavailable: timed out waiting for a free server.\n";
      case OVERLOADED -> "503 Service Unavailable: the backend is over its limits.\n";
      case CIRCUIT_OPEN -> "503 Service Unavailable: the backend's circuit breaker is open.\n";
      case SERVER_TIMEOUT -> "504 Gateway Timeout: the server did not answer in time.\n";
      case FAULT_ABORT -> "Aborted by fault injection.\n";
      case DENIED -> "403 Forbidden: this client address is not allowed here.\n";
      case RATE_LIMITED -> "Too many requests from this client; see Retry-After.\n";
      case BODY_TOO_LARGE ->
          "413 Content Too Large: the request body is over this route's limit.\n";
      case RESPONSE_ABORTED, CLIENT_ABORTED -> "";
    };
  }

  /**
   * The response for {@code kind} with {@code status} (the kind's own, except for injected faults);
   * {@code close} adds {@code Connection: close}, {@code keepAliveHttp10} adds {@code Connection:
   * keep-alive} for an HTTP/1.0 client, and a HEAD request gets the headers without the body.
   */
  static FullHttpResponse build(
      ByteBufAllocator alloc,
      ProxyErrorKind kind,
      int status,
      boolean close,
      boolean keepAliveHttp10,
      boolean headRequest) {
    String line =
        kind == ProxyErrorKind.FAULT_ABORT || kind == ProxyErrorKind.RATE_LIMITED
            ? status + " " + body(kind)
            : body(kind);
    byte[] text = line.getBytes(StandardCharsets.US_ASCII);
    ByteBuf content = headRequest ? alloc.buffer(0) : alloc.buffer(text.length).writeBytes(text);
    FullHttpResponse res =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), content);
    res.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, text.length)
        .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
    if (kind == ProxyErrorKind.OVERLOADED || kind == ProxyErrorKind.CIRCUIT_OPEN) {
      res.headers().set(OVERLOADED, "true");
    }
    if (close) {
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (keepAliveHttp10) {
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    return res;
  }

  /** A response without body ({@code Content-Length: 0}): a redirect or a CORS preflight answer. */
  static FullHttpResponse empty(
      ByteBufAllocator alloc, int status, boolean close, boolean keepAliveHttp10) {
    FullHttpResponse res =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), alloc.buffer(0));
    res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    if (close) {
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (keepAliveHttp10) {
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    return res;
  }
}
