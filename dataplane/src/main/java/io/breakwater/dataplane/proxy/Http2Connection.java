package io.breakwater.dataplane.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Turns a client connection into an HTTP/2 one once ALPN chose {@code h2} or the client opened with
 * the HTTP/2 preface. Netty's frame codec speaks the protocol (with its flood protections); the
 * multiplexer gives each stream a child channel whose pipeline converts frames to HTTP/1 objects,
 * so the same {@link FrontendHandler} that serves an HTTP/1.1 connection serves each stream, and
 * each backend is spoken to in its own protocol.
 */
final class Http2Connection {
  static final String CODEC = "h2";
  static final String MUX = "h2-mux";
  static final String FLUSH = "h2-flush";
  static final String IDLE = "h2-idle";
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
   * the decision (which then leaves the pipeline).
   */
  static void install(
      ChannelPipeline p, String after, Listener listener, Upstreams upstreams, Runnable handOver) {
    handOver.run();
    p.remove(ProxyEngine.CODEC);
    p.remove(ProxyEngine.HANDLER);
    Http2FrameCodec codec =
        Http2FrameCodecBuilder.forServer()
            .initialSettings(
                Http2Settings.defaultSettings()
                    .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                    .maxHeaderListSize(MAX_HEADER_LIST_SIZE))
            .decoderEnforceMaxRstFramesPerWindow(MAX_RST_FRAMES, RST_WINDOW_SECONDS)
            .encoderEnforceMaxRstFramesPerWindow(MAX_RST_FRAMES, RST_WINDOW_SECONDS)
            .encoderEnforceMaxQueuedControlFrames(MAX_QUEUED_CONTROL_FRAMES)
            .decoderEnforceMaxConsecutiveEmptyDataFrames(MAX_CONSECUTIVE_EMPTY_DATA_FRAMES)
            .decoderEnforceMaxSmallContinuationFrames(MAX_SMALL_CONTINUATION_FRAMES)
            .validateHeaders(true)
            .build();
    long idleNanos = listener.current().keepAliveNanos;
    p.addAfter(after, IDLE, new IdleStateHandler(0, 0, idleNanos, TimeUnit.NANOSECONDS));
    p.addAfter(IDLE, CODEC, codec);
    p.addAfter(CODEC, FLUSH, new Http2FlushBatcher());
    p.addAfter(FLUSH, MUX, new Http2MultiplexHandler(new StreamInitializer(listener, upstreams)));
    p.addAfter(MUX, GUARD, new Guard(codec));
  }

  /** Each stream's pipeline: frames to HTTP/1 objects, the adapter, the proxy. */
  private static final class StreamInitializer extends ChannelInitializer<Channel> {
    private final Listener listener;
    private final Upstreams upstreams;

    StreamInitializer(Listener listener, Upstreams upstreams) {
      this.listener = listener;
      this.upstreams = upstreams;
    }

    @Override
    protected void initChannel(Channel ch) {
      FrontendHandler handler = new FrontendHandler(listener, upstreams, true);
      ch.pipeline()
          .addLast(ProxyEngine.CODEC, new Http2StreamFrameToHttpObjectCodec(true))
          .addLast("h2-stream", new Http2StreamAdapter(handler))
          .addLast(ProxyEngine.HANDLER, handler);
    }
  }

  /**
   * Closes the connection gracefully (GOAWAY, then open streams finish) when it has been idle with
   * no stream open for {@code httpKeepAlive}, or when the dataplane drains.
   */
  private static final class Guard extends ChannelInboundHandlerAdapter {
    private final Http2FrameCodec codec;

    Guard(Http2FrameCodec codec) {
      this.codec = codec;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt == ProxyEngine.DRAIN) {
        ctx.channel().close();
      } else if (evt instanceof IdleStateEvent) {
        if (codec.connection().numActiveStreams() == 0) {
          ctx.channel().close();
        }
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
