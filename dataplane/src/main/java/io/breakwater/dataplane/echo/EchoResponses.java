package io.breakwater.dataplane.echo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/** Response heads and small complete responses; the handler decides which one and when. */
final class EchoResponses {

  /** Names the server that answered, so tests need not parse the body to know. */
  static final AsciiString X_ECHO_SERVER = AsciiString.cached("x-echo-server");

  private EchoResponses() {}

  /** A small text/plain response, for {@code /healthz} and refused requests. */
  static FullHttpResponse text(HttpVersion version, HttpResponseStatus status, String body) {
    ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(version, status, content);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
    HttpUtil.setContentLength(response, content.readableBytes());
    return response;
  }

  /** {@code /healthz}: 200 {@code ok}, or 503 {@code unhealthy}. */
  static FullHttpResponse healthz(HttpVersion version, boolean healthy) {
    return healthy
        ? text(version, HttpResponseStatus.OK, "ok")
        : text(version, HttpResponseStatus.SERVICE_UNAVAILABLE, "unhealthy");
  }

  /** A refused query; the reason names the parameter and what was expected. */
  static FullHttpResponse badRequest(HttpVersion version, String reason) {
    return text(version, HttpResponseStatus.BAD_REQUEST, reason + "\n");
  }

  /** The answer to a request the decoder could not parse: 414, 431, 413 or 400. */
  static FullHttpResponse malformed(Throwable cause) {
    HttpResponseStatus status =
        cause instanceof TooLongHttpLineException
            ? HttpResponseStatus.REQUEST_URI_TOO_LONG
            : cause instanceof TooLongHttpHeaderException
                ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                : cause instanceof TooLongFrameException
                    ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                    : HttpResponseStatus.BAD_REQUEST;
    return text(HttpVersion.HTTP_1_1, status, "malformed request\n");
  }

  /**
   * The head of an {@code echo=body} answer: the request's content type, chunked on HTTP/1.1, ended
   * by closing the connection on HTTP/1.0.
   */
  static HttpResponse echoHead(HttpRequest request, int status) {
    String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
    return head(
        request.protocolVersion(),
        HttpResponseStatus.valueOf(status),
        type != null ? type : HttpHeaderValues.APPLICATION_OCTET_STREAM,
        -1,
        true);
  }

  /**
   * A head whose body follows: chunked when asked and possible, else framed by {@code length}, or
   * by closing the connection when {@code length} is negative.
   */
  static HttpResponse head(
      HttpVersion version,
      HttpResponseStatus status,
      CharSequence type,
      long length,
      boolean chunk) {
    HttpResponse response = new DefaultHttpResponse(version, status);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    if (!hasBody(status)) {
      if (status.code() == 205) {
        // 205 is not among the statuses that never have content (RFC 9112 §6.3): say it is empty.
        HttpUtil.setContentLength(response, 0);
      }
    } else if (chunk && version.equals(HttpVersion.HTTP_1_1)) {
      HttpUtil.setTransferEncodingChunked(response, true);
    } else if (length >= 0) {
      HttpUtil.setContentLength(response, length);
    }
    return response;
  }

  /** 204, 205 and 304 carry no content (RFC 9110 §15.3.5, §15.3.6, §15.4.5). */
  static boolean hasBody(HttpResponseStatus status) {
    int code = status.code();
    return code != 204 && code != 205 && code != 304;
  }

  /**
   * The 101 for an upgrade request: same {@code Upgrade} value, and the {@code
   * Sec-WebSocket-Accept} the client expects when it sent a {@code Sec-WebSocket-Key}.
   */
  static FullHttpResponse switchingProtocols(HttpRequest request) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS, Unpooled.EMPTY_BUFFER);
    response
        .headers()
        .set(HttpHeaderNames.UPGRADE, request.headers().get(HttpHeaderNames.UPGRADE))
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    String key = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
    if (key != null) {
      response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT, WebSocketAccept.of(key));
    }
    return response;
  }

  /** Adds the server's name and says whether the connection stays open, in the client's dialect. */
  static <R extends HttpResponse> R finish(R response, String server, boolean keepAlive) {
    response.headers().set(X_ECHO_SERVER, server);
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (!response.protocolVersion().isKeepAliveDefault()) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    return response;
  }
}
