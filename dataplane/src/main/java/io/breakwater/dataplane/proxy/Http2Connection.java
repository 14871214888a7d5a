package io.breakwater.dataplane.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Settings;

/**
 * Turns a client connection into an HTTP/2 one once ALPN chose {@code h2} or the client opened with
 * the HTTP/2 preface. {@link Http2Frontend} speaks the protocol (with the flood protections set
 * here) and serves each stream with the same {@link FrontendHandler} that serves an HTTP/1.1
 * connection, without a channel per stream; each backend is spoken to in its own protocol.
 */
final class Http2Connection {
  static final String CODEC = "h2";
  static final String MUX = "h2-mux";
  static final String GUARD = "h2-guard";

  /** Streams a client may open at once (Netty's default since 4.2.14, stated here). */
  static final int MAX_CONCURRENT_STREAMS = 100;

  /** Largest header list a client may send, as the HTTP/1.1 header section limit. */
  static final int MAX_HEADER_LIST_SIZE = 32 * 1024;

  /**
   * RST_STREAM frames a client may send per window before the connection is closed (rapid reset,
   * CVE-2023-44487); the same bound applies to RST_STREAM frames the client makes the proxy send
   * ("MadeYouReset", CVE-2025-55163).
   */
  static final int MAX_RST_FRAMES = 200;

  static final int RST_WINDOW_SECONDS = 30;

  /**
   * Control frames (SETTINGS and PING acknowledgements, RST_STREAM) the proxy may hold unsent
   * because the client does not read them; one more closes the connection (SETTINGS and PING
   * floods). Netty's default, stated here.
   */
  static final int MAX_QUEUED_CONTROL_FRAMES = 10_000;

  /** DATA frames in a row without payload and without END_STREAM before the connection closes. */
  static final int MAX_CONSECUTIVE_EMPTY_DATA_FRAMES = 2;

  /**
   * CONTINUATION frames with tiny payloads a header block may have (CVE-2026-33871); larger ones
   * are bounded by {@link #MAX_HEADER_LIST_SIZE}.
   */
  static final int MAX_SMALL_CONTINUATION_FRAMES = 16;

  private Http2Connection() {}

  /**
   * Replaces the HTTP/1.1 codec and handler with HTTP/2 after {@code after}, the handler that made
   * the decision (which then leaves the pipeline). {@code http1} is the connection's HTTP/1.1
   * handler: it hands the connection over, and its client (the PROXY header's source, if one came)
   * is every stream's.
   */
  static void install(
      ChannelPipeline p,
      String after,
      Listener listener,
      Upstreams upstreams,
      FrontendHandler http1) {
    http1.handOver();
    p.remove(ProxyEngine.CODEC);
    p.remove(ProxyEngine.HANDLER);
    Http2Frontend frontend =
        new Http2Frontend.Builder(listener, upstreams, http1.peer())
            .settings(
                Http2Settings.defaultSettings()
                    .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                    .maxHeaderListSize(MAX_HEADER_LIST_SIZE))
            .limits(
                MAX_RST_FRAMES,
                RST_WINDOW_SECONDS,
                MAX_QUEUED_CONTROL_FRAMES,
                MAX_CONSECUTIVE_EMPTY_DATA_FRAMES,
                MAX_SMALL_CONTINUATION_FRAMES)
            .create();
    p.addAfter(after, CODEC, frontend);
    p.addAfter(CODEC, GUARD, new Guard());
  }

  /**
   * Closes the connection gracefully (GOAWAY, then open streams finish) when the dataplane drains
   * (the idle close is {@link Http2Frontend}'s own).
   */
  private static final class Guard extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt == ProxyEngine.DRAIN) {
        ctx.channel().close();
      } else {
        ctx.fireUserEventTriggered(evt);
      }
    }

    /**
     * A protocol error (a flood limit, a malformed frame) arrives here as the codec's report: the
     * codec answers it with GOAWAY and closes the connection after that frame, so closing here
     * would replace its error code with NO_ERROR. Anything else (an I/O error) closes at once.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) == null) {
        ctx.close();
      }
    }
  }
}
