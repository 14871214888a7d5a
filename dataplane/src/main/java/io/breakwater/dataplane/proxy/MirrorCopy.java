package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.tls.UpstreamTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One request copied to a mirror backend: the head, and the body as it arrives (duplicates of the
 * client's buffers, up to the limit; over it the copy is dropped). When the request is complete it
 * is sent on a new connection on the same event loop, whose answer is read and thrown away; the
 * connection closes after the answer or the backend's server timeout. Failures are silent: the
 * client's exchange never waits for, or learns of, its copy.
 */
final class MirrorCopy {
  private final MirrorTarget target;
  private final HttpRequest head;
  private ArrayDeque<ByteBuf> body;
  private int bytes;

  MirrorCopy(MirrorTarget target, HttpRequest head) {
    this.target = target;
    this.head = head;
  }

  /**
   * Keeps a copy of a body chunk. Returns false when the body went over the limit: the copy is
   * dropped and must not be used further.
   */
  boolean content(HttpContent c) {
    ByteBuf b = c.content();
    bytes += b.readableBytes();
    if (bytes > target.bodyLimit) {
      abandon();
      return false;
    }
    if (b.isReadable()) {
      if (body == null) {
        body = new ArrayDeque<>(4);
      }
      body.add(b.retainedDuplicate());
    }
    return true;
  }

  /** Drops the copy (the exchange ended before the request was complete). */
  void abandon() {
    if (body != null) {
      for (ByteBuf b; (b = body.poll()) != null; ) {
        b.release();
      }
    }
  }

  /** Sends the complete copy on {@code loop}. */
  void send(EventLoop loop) {
    BackendRuntime runtime = target.backend.current();
    ServerState server = MirrorTarget.pick(runtime);
    if (server == null) {
      abandon();
      return;
    }
    if (!head.headers().contains(HttpHeaderNames.HOST)) {
      head.headers().set(HttpHeaderNames.HOST, server.hostHeader());
    }
    long timeoutNanos = runtime.serverTimeoutNanos;
    int connectTimeoutMillis = runtime.connectTimeoutMillis;
    UpstreamTls tls = server.tls();
    Bootstrap b =
        target
            .template
            .clone(loop)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis);
    b.handler(
        new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            if (tls != null) {
              // Writes wait for the handshake; a failed one fails (and releases) them.
              ch.pipeline()
                  .addLast(
                      tls.newHandler(
                          ch.alloc(),
                          server.config().address().host(),
                          server.address().getPort(),
                          connectTimeoutMillis));
            }
            ch.pipeline()
                .addLast(new ReadTimeoutHandler(timeoutNanos, TimeUnit.NANOSECONDS))
                .addLast(new HttpClientCodec())
                .addLast(Discard.INSTANCE);
          }
        });
    b.connect(server.address())
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (!f.isSuccess()) {
                    abandon();
                    return;
                  }
                  Channel ch = f.channel();
                  ch.write(head, ch.voidPromise());
                  if (body != null) {
                    for (ByteBuf data; (data = body.poll()) != null; ) {
                      ch.write(new DefaultHttpContent(data), ch.voidPromise());
                    }
                  }
                  ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, ch.voidPromise());
                });
  }

  /** Reads the mirror's answer and throws it away; closes after it, or on any error. */
  @io.netty.channel.ChannelHandler.Sharable
  private static final class Discard extends ChannelInboundHandlerAdapter {
    static final Discard INSTANCE = new Discard();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      boolean last = msg instanceof LastHttpContent;
      ReferenceCountUtil.release(msg);
      if (last) {
        ctx.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
