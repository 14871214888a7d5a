package io.breakwater.dataplane.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * One connection to a server. While a request uses it, everything it reads goes to its {@link
 * Owner}; while it sits in a pool, any byte or close from the server ends it (an idle connection
 * has nothing legitimate to say), and an idle check closes it after {@code timeout poolIdle}.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

  /** The frontend side of the exchange using this connection. */
  interface Owner {
    void onResponseHead(HttpResponse res);

    void onResponseContent(HttpContent c);

    void onTunnelData(ByteBuf data);

    void onUpstreamReadComplete();

    void onUpstreamWritable();

    void onUpstreamClosed(UpstreamHandler upstream);
  }

  private final ServerState server;
  private final int generation;
  private final long maxIdleNanos;
  private Channel channel;

  private ChannelHandlerContext ctx;
  private Owner owner;
  private ConnectionPool pool;
  private long idleSince;
  private boolean idleCheckScheduled;
  private boolean everUsed;
  private final boolean stream;
  private boolean refused;

  UpstreamHandler(ServerState server, long maxIdleNanos) {
    this(server, maxIdleNanos, false);
  }

  /**
   * @param stream serves one HTTP/2 stream: its connection is counted by {@link
   *     Http2UpstreamConnection}, and it is never pooled
   */
  UpstreamHandler(ServerState server, long maxIdleNanos, boolean stream) {
    this.server = server;
    this.generation = server.generation();
    this.maxIdleNanos = maxIdleNanos;
    this.stream = stream;
  }

  /** True for an HTTP/2 stream, which is used once. */
  boolean stream() {
    return stream;
  }

  /** The server refused the stream unprocessed (REFUSED_STREAM, or GOAWAY below it). */
  void refused() {
    refused = true;
  }

  /** True when the server refused this stream without processing it: safe to send again. */
  boolean wasRefused() {
    return refused;
  }

  ServerState server() {
    return server;
  }

  Channel channel() {
    return channel;
  }

  /** True once a request has been sent on this connection before the current one. */
  boolean reused() {
    return everUsed;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    channel = ctx.channel();
  }

  /**
   * Writes toward the server from this handler's place, the pipeline's last (no walk from the
   * tail); an error reaches {@link #exceptionCaught}, which closes the connection.
   */
  void write(Object msg) {
    ctx.write(msg, ctx.voidPromise());
  }

  /** Flushes what {@link #write} wrote. */
  void flush() {
    ctx.flush();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (!stream) {
      server.backend().connectionOpened();
    }
    ctx.fireChannelActive();
  }

  void attach(Owner newOwner) {
    this.owner = newOwner;
  }

  /** Ends the current use; the next {@link #attach} counts as a reuse. */
  void detach() {
    owner = null;
    everUsed = true;
  }

  /** True when the server moved to another address since this connection was made. */
  boolean stale() {
    return generation != server.generation();
  }

  boolean reusable(long now, long maxIdle, int currentGeneration) {
    return channel.isActive()
        && generation == currentGeneration
        && !server.removed()
        && now - idleSince < maxIdle;
  }

  void enterPool(ConnectionPool p, long now) {
    pool = p;
    idleSince = now;
    if (!idleCheckScheduled) {
      idleCheckScheduled = true;
      channel.eventLoop().schedule(this::idleCheck, maxIdleNanos, TimeUnit.NANOSECONDS);
    }
  }

  void leavePool() {
    pool = null;
  }

  private void idleCheck() {
    idleCheckScheduled = false;
    if (pool == null || !channel.isActive()) {
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

  void close() {
    owner = null;
    channel.close();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Owner o = owner;
    if (o == null) {
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    if (!(msg instanceof HttpResponse)
        && msg instanceof HttpContent c
        && c.decoderResult().isFailure()) {
      // An undecodable body (a bad chunk): nothing more of this response may reach the client, and
      // the connection's framing is lost. Closing makes the owner cut the exchange off.
      c.release();
      ctx.close();
      return;
    }
    if (msg instanceof HttpResponse res) {
      // A FullHttpResponse (the decoder's form of an invalid message) is the head's to handle.
      o.onResponseHead(res);
    } else if (msg instanceof HttpContent c) {
      o.onResponseContent(c);
    } else if (msg instanceof ByteBuf b) {
      o.onTunnelData(b);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    Owner o = owner;
    if (o != null) {
      o.onUpstreamReadComplete();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Owner o = owner;
    if (o != null && ctx.channel().isWritable()) {
      o.onUpstreamWritable();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!stream) {
      server.backend().connectionClosed();
    }
    ConnectionPool p = pool;
    if (p != null) {
      pool = null;
      p.remove(this);
    }
    Owner o = owner;
    if (o != null) {
      owner = null;
      o.onUpstreamClosed(this);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // The owner learns of it through channelInactive; the cause is not the client's business.
    ctx.close();
  }
}
