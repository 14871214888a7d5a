package io.breakwater.dataplane.web;

import io.breakwater.dataplane.config.HostPort;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 server for operator endpoints on its own one-thread event loop (NIO: these endpoints
 * see a few requests a second, and NIO runs everywhere). The pipeline, top to bottom: {@value
 * #IDLE} closes connections idle for {@value #IDLE_SECONDS} s, {@value #CODEC} decodes with small
 * limits, {@value #AGGREGATOR} collects whole requests up to a body limit (413 beyond), {@value
 * #KEEP_ALIVE} keeps connections open when the client asks, {@value #ROUTER} answers.
 */
public final class WebServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebServer.class);

  /** The body limit for servers that take no more than forms and small JSON documents. */
  public static final int DEFAULT_MAX_BODY = 1 << 20;

  /** Request line limit: {@value} bytes. */
  public static final int MAX_INITIAL_LINE = 8192;

  /** Header section limit: {@value} bytes. */
  public static final int MAX_HEADER_SIZE = 16384;

  /** Seconds a connection may stay without a read before it is closed: {@value}. */
  public static final int IDLE_SECONDS = 60;

  static final String IDLE = "idle";
  static final String CODEC = "codec";
  static final String AGGREGATOR = "aggregator";
  static final String KEEP_ALIVE = "keepAlive";
  static final String ROUTER = "router";

  private final String name;
  private final EventLoopGroup group;
  private final Channel channel;

  private WebServer(String name, EventLoopGroup group, Channel channel) {
    this.name = name;
    this.group = group;
    this.channel = channel;
  }

  /**
   * Binds and serves.
   *
   * @param name names the thread ({@code breakwater-<name>}) and log lines
   * @param maxBody the largest request body accepted, in bytes
   * @throws IllegalStateException when the address cannot be bound; nothing is left running
   */
  public static WebServer start(String name, HostPort listen, Router router, int maxBody) {
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("breakwater-" + name), NioIoHandler.newFactory());
    RouterHandler handler = new RouterHandler(name, router);
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    addHttpHandlers(ch.pipeline(), maxBody);
                    ch.pipeline().addLast(ROUTER, handler);
                  }
                });
    try {
      Channel ch =
          b.bind(new InetSocketAddress(listen.host(), listen.port()))
              .syncUninterruptibly()
              .channel();
      log.info("{} listening on {}", name, ch.localAddress());
      return new WebServer(name, group, ch);
    } catch (Exception e) { // Netty rethrows the checked BindException undeclared
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      throw new IllegalStateException(
          "cannot bind " + name + " on " + listen.format() + ": " + e.getMessage(), e);
    }
  }

  private static void addHttpHandlers(ChannelPipeline p, int maxBody) {
    p.addLast(IDLE, new ReadTimeoutHandler(IDLE_SECONDS));
    p.addLast(
        CODEC,
        new HttpServerCodec(
            new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_INITIAL_LINE)
                .setMaxHeaderSize(MAX_HEADER_SIZE)));
    p.addLast(AGGREGATOR, new BodyLimit(maxBody));
    p.addLast(KEEP_ALIVE, new HttpServerKeepAliveHandler());
  }

  /** The bound port (useful after binding port 0). */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** Stops listening, closes connections and the event loop; waits at most a second or so. */
  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    log.info("{} closed", name);
  }
}
