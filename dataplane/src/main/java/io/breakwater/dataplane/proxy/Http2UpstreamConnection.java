package io.breakwater.dataplane.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/2 connection to a server (h2c, prior knowledge), shared as streams by the requests of
 * one event loop. It sits at the end of the connection's pipeline, after Netty's frame codec and
 * multiplexer, and keeps what the pool needs to know: how many streams are in use, how many the
 * server allows ({@code SETTINGS_MAX_CONCURRENT_STREAMS}, capped by {@code maxStreams}), and
 * whether the server sent GOAWAY. Each stream's child channel carries the same {@link
 * UpstreamHandler} as an HTTP/1.1 connection, behind a frame-to-HTTP/1 codec, so the frontend's
 * exchange sees the same objects either way.
 *
 * <p>Touched only from its event loop. A connection that sent GOAWAY takes no new streams: those in
 * flight finish (the server promised to process the ones up to its last stream id), and it closes
 * when the last one ends. An unused connection closes after {@code timeout poolIdle}.
 */
final class Http2UpstreamConnection extends ChannelInboundHandlerAdapter {
  static final String HANDLER = "h2-upstream";

  private final ServerState server;
  private final ConnectionPool pool;
  private final int generation;
  private final long maxIdleNanos;
  private final int cap;
  private Channel channel;
  private ChannelFuture connected;
  private Http2StreamChannelBootstrap streams;
  private int inUse;
  private int limit;
  private boolean goingAway;
  private long idleSince;
  private boolean idleCheckScheduled;

  /**
   * @param pool the loop's pool this connection is listed in, or null for one used once
   * @param cap the most streams at once ({@code backends[].maxStreams})
   */
  Http2UpstreamConnection(ServerState server, ConnectionPool pool, long maxIdleNanos, int cap) {
    this.server = server;
    this.pool = pool;
    this.generation = server.generation();
    this.maxIdleNanos = maxIdleNanos;
    this.cap = cap;
    this.limit = cap;
  }

  /** Called once the connect started; streams opened before it completes wait for it. */
  void connecting(ChannelFuture f) {
    connected = f;
    channel = f.channel();
    f.addListener(
        done -> {
          if (!done.isSuccess()) {
            goingAway = true;
            unlist();
          }
        });
  }

  Channel channel() {
    return channel;
  }

  /** Streams taken (open or opening). */
  int inUse() {
    return inUse;
  }

  /** True while the connection may carry one more stream. */
  boolean hasRoom() {
    return !goingAway
        && inUse < limit
        && channel.isOpen()
        && generation == server.generation()
        && !server.removed();
  }

  /** True once the server sent GOAWAY or the connection is closing. */
  boolean goingAway() {
    return goingAway;
  }

  /**
   * Takes a stream: the future completes with its child channel once the connection is up, or fails
   * with the connection's failure (which the caller treats as a failed connect).
   */
  Future<Http2StreamChannel> openStream() {
    inUse++;
    Promise<Http2StreamChannel> p = channel.eventLoop().newPromise();
    if (connected.isDone()) {
      open(p);
    } else {
      connected.addListener(f -> open(p));
    }
    return p;
  }

  private void open(Promise<Http2StreamChannel> p) {
    if (!connected.isSuccess() || !channel.isActive() || streams == null) {
      streamDone();
      p.setFailure(connected.cause() != null ? connected.cause() : new ClosedChannelException());
      return;
    }
    streams
        .open()
        .addListener(
            (Future<Http2StreamChannel> f) -> {
              if (f.isSuccess()) {
                f.getNow().closeFuture().addListener(c -> streamDone());
                if (!p.trySuccess(f.getNow())) {
                  f.getNow().close();
                }
              } else {
                streamDone();
                p.tryFailure(f.cause());
              }
            });
  }

  private void streamDone() {
    inUse--;
    if (inUse > 0) {
      return;
    }
    if (goingAway || generation != server.generation() || server.removed()) {
      close();
      return;
    }
    idleSince = channel.eventLoop().ticker().nanoTime();
    if (!idleCheckScheduled) {
      idleCheckScheduled = true;
      channel.eventLoop().schedule(this::idleCheck, maxIdleNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void idleCheck() {
    idleCheckScheduled = false;
    if (inUse > 0 || !channel.isOpen()) {
      return;
    }
    long idleFor = channel.eventLoop().ticker().nanoTime() - idleSince;
    if (idleFor >= maxIdleNanos) {
      close();
    } else {
      idleCheckScheduled = true;
      channel.eventLoop().schedule(this::idleCheck, maxIdleNanos - idleFor, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * No new streams; closes now when none is in use, else when the last one ends (the server was
   * removed or moved).
   */
  void retire() {
    goingAway = true;
    unlist();
    if (inUse == 0) {
      close();
    }
  }

  void close() {
    goingAway = true;
    unlist();
    channel.close();
  }

  private void unlist() {
    if (pool != null) {
      pool.removeHttp2(this);
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    streams = new Http2StreamChannelBootstrap(ctx.channel()).handler(new StreamInitializer());
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    server.backend().connectionOpened();
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    server.backend().connectionClosed();
    goingAway = true;
    unlist();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof Http2SettingsFrame s) {
        Long max = s.settings().maxConcurrentStreams();
        if (max != null) {
          limit = (int) Math.max(0, Math.min(cap, max));
        }
      } else if (msg instanceof Http2GoAwayFrame) {
        // Streams above the last stream id learn of it themselves (refused, safe to retry).
        goingAway = true;
        unlist();
        if (inUse == 0) {
          ctx.close();
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A connection error: its streams see their channels close and fail as HTTP/1.1 ones do.
    ctx.close();
  }

  /** Each stream's pipeline: HTTP/1 objects to frames and back, the adapter, the upstream. */
  private final class StreamInitializer extends ChannelInitializer<Channel> {
    @Override
    protected void initChannel(Channel ch) {
      UpstreamHandler handler = new UpstreamHandler(server, maxIdleNanos, true);
      ch.pipeline()
          .addLast(UpstreamConnector.CODEC, new Http2StreamFrameToHttpObjectCodec(false))
          .addLast(Http2UpstreamStream.NAME, new Http2UpstreamStream(handler))
          .addLast(UpstreamConnector.HANDLER, handler);
    }
  }

  /** Closes streams the server opens (push is refused in SETTINGS; a server that pushes anyway). */
  @ChannelHandler.Sharable
  static final class RefusePushed extends ChannelInboundHandlerAdapter {
    static final RefusePushed INSTANCE = new RefusePushed();

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }
  }
}
