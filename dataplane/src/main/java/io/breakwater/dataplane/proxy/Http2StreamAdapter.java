package io.breakwater.dataplane.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;

/**
 * Between an HTTP/2 stream's frame-to-HTTP/1 codec and its {@link FrontendHandler}: makes a stream
 * look like an HTTP/1.1 connection that carries one request.
 *
 * <ul>
 *   <li>A request that came in one HEADERS frame arrives as a {@link FullHttpRequest}; the handler
 *       expects a head and then its body, so it is split in two.
 *   <li>Netty's conversion adds {@code x-http2-*} headers (stream id, scheme); they are internal
 *       and are removed before anything is forwarded.
 *   <li>Byte counts and the client timers are fed from the content, as {@link ClientProbe} does on
 *       a connection.
 *   <li>The empty buffer the handler writes before closing a connection means nothing on a stream
 *       and is dropped.
 * </ul>
 */
final class Http2StreamAdapter extends ChannelDuplexHandler {
  private final FrontendHandler frontend;

  Http2StreamAdapter(FrontendHandler frontend) {
    this.frontend = frontend;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest req) {
      frontend.onClientBytes(0);
      stripExtensionHeaders(req.headers());
      if (msg instanceof FullHttpRequest full) {
        ctx.fireChannelRead(
            new DefaultHttpRequest(
                full.protocolVersion(), full.method(), full.uri(), full.headers()));
        ctx.fireChannelRead(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
        return;
      }
    } else if (msg instanceof HttpContent c) {
      frontend.onClientBytes(c.content().readableBytes());
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf b && !b.isReadable()) {
      b.release();
      promise.setSuccess();
      return;
    }
    ctx.write(msg, promise);
  }

  private static void stripExtensionHeaders(HttpHeaders h) {
    for (ExtensionHeaderNames n : ExtensionHeaderNames.values()) {
      h.remove(n.text());
    }
  }
}
