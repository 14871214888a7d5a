package io.breakwater.dataplane.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import java.util.List;

/**
 * The two ways a frontend with {@code http2: true} learns that a connection speaks HTTP/2; either
 * leaves the pipeline once it knows. Frontends without {@code http2} have neither.
 */
final class ProtocolSelectors {
  static final String NAME = "protocol";

  private ProtocolSelectors() {}

  /** After the TLS handshake: ALPN's choice, HTTP/1.1 when the client offered nothing. */
  static final class Alpn extends ApplicationProtocolNegotiationHandler {
    private final Listener listener;
    private final Upstreams upstreams;
    private final FrontendHandler http1;

    Alpn(Listener listener, Upstreams upstreams, FrontendHandler http1) {
      super(ApplicationProtocolNames.HTTP_1_1);
      this.listener = listener;
      this.upstreams = upstreams;
      this.http1 = http1;
    }

    /**
     * The PROXY protocol header, read before the handshake, goes straight on to the connection's
     * handler (so every stream of an HTTP/2 connection gets the client it names). Held with the
     * rest it would arrive before the TLS handler is an {@code SslHandler}, and Netty's negotiation
     * handler would take that as "no TLS here" and leave without choosing: an h2 client then met
     * HTTP/1.1.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
      if (msg instanceof HAProxyMessage) {
        ctx.fireChannelRead(msg);
        return;
      }
      super.channelRead(ctx, msg);
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
      if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
        Http2Connection.install(ctx.pipeline(), NAME, listener, upstreams, http1);
      }
    }
  }

  /**
   * Cleartext: a connection that opens with the 24-byte HTTP/2 preface speaks HTTP/2 (h2c with
   * prior knowledge); at the first byte that differs it is HTTP/1.1 and the bytes go on unchanged.
   */
  static final class PriorKnowledge extends ByteToMessageDecoder {
    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

    private final Listener listener;
    private final Upstreams upstreams;
    private final FrontendHandler http1;

    PriorKnowledge(Listener listener, Upstreams upstreams, FrontendHandler http1) {
      this.listener = listener;
      this.upstreams = upstreams;
      this.http1 = http1;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      int n = Math.min(in.readableBytes(), PREFACE.readableBytes());
      if (!ByteBufUtil.equals(in, in.readerIndex(), PREFACE, 0, n)) {
        ctx.pipeline().remove(this); // HTTP/1.1: the bytes so far go on to the codec
      } else if (n == PREFACE.readableBytes()) {
        Http2Connection.install(ctx.pipeline(), NAME, listener, upstreams, http1);
        ctx.pipeline().remove(this); // the preface goes on to the HTTP/2 codec, which expects it
      }
    }
  }
}
