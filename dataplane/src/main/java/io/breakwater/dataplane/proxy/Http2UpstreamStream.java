package io.breakwater.dataplane.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;
import io.netty.util.ReferenceCountUtil;

/**
 * Between an upstream HTTP/2 stream's frame-to-HTTP/1 codec and its {@link UpstreamHandler}: strips
 * the {@code x-http2-*} headers Netty's conversion adds to responses, and tells the handler when
 * the server refused the stream — RST_STREAM with REFUSED_STREAM, or a GOAWAY whose last stream id
 * is below it — which RFC 9113 §8.7 guarantees was never processed, so it may be sent again.
 */
final class Http2UpstreamStream extends ChannelInboundHandlerAdapter {
  static final String NAME = "h2-stream";

  private final UpstreamHandler upstream;

  Http2UpstreamStream(UpstreamHandler upstream) {
    this.upstream = upstream;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpResponse res) {
      HttpHeaders h = res.headers();
      for (ExtensionHeaderNames n : ExtensionHeaderNames.values()) {
        h.remove(n.text());
      }
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof Http2ResetFrame r) {
      if (r.errorCode() == Http2Error.REFUSED_STREAM.code()) {
        upstream.refused();
      }
      return;
    }
    if (evt instanceof Http2GoAwayFrame g) {
      ReferenceCountUtil.release(g);
      upstream.refused();
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof Http2Exception e && e.error() == Http2Error.REFUSED_STREAM) {
      // The stream could not be created (the connection is going away): never sent.
      upstream.refused();
    }
    ctx.fireExceptionCaught(cause);
  }
}
