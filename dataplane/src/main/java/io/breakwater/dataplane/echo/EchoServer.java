package io.breakwater.dataplane.echo;

import io.breakwater.dataplane.config.Transport;
import io.breakwater.dataplane.transport.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/1.1 (and 1.0) echo backend with its own event loop. Every request gets a JSON
 * description of what the server saw, shaped by query parameters:
 *
 * <ul>
 *   <li>{@code status=503}: the response status (200 to 599);
 *   <li>{@code delay=200ms}: answer after a delay ({@code ms}, {@code s}, {@code m}, {@code h}; a
 *       bare number is milliseconds), timed on the event loop;
 *   <li>{@code size=N}: exactly N filler bytes instead of the JSON ({@code k}, {@code m}, {@code g}
 *       suffixes are binary), streamed with back-pressure, so {@code size=1g} holds no gigabyte;
 *   <li>{@code chunked=1}: {@code Transfer-Encoding: chunked} instead of {@code Content-Length};
 *   <li>{@code echo=body}: the request body streamed back as the response body, chunked; the next
 *       request chunk is read only when the previous one is written, so the client must read while
 *       it sends (curl and proxies do; the JDK {@code HttpClient} does not, and stalls on a body
 *       larger than the socket buffers);
 *   <li>{@code close=1}: {@code Connection: close}, and close after the response.
 * </ul>
 *
 * {@code GET /healthz} answers {@code ok} (or 503 after {@link #healthy(boolean) healthy(false)}).
 * A request with an {@code Upgrade} header gets {@code 101 Switching Protocols} (with the RFC 6455
 * {@code Sec-WebSocket-Accept} when a key was sent), after which the connection echoes raw bytes.
 * Every response carries {@code X-Echo-Server: name}. Request bodies are counted and checksummed as
 * they stream ({@code bodyBytes}, {@code bodyCrc32}), never held.
 */
public final class EchoServer implements AutoCloseable {

  /** Event-loop threads unless told otherwise: {@value}. */
  public static final int DEFAULT_THREADS = 1;

  /** The longest {@link #close()} waits for the listener and the event loop to stop. */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final String name;
  private final EventLoopGroup group;
  private final Channel listener;
  private final EchoServerState state;
  private final String transport;

  private EchoServer(
      String name,
      EventLoopGroup group,
      Channel listener,
      EchoServerState state,
      String transport) {
    this.name = name;
    this.group = group;
    this.listener = listener;
    this.state = state;
    this.transport = transport;
  }

  /**
   * Starts a server with {@value #DEFAULT_THREADS} thread, epoll when available; port 0 picks one.
   */
  public static EchoServer start(InetSocketAddress listen, String name) {
    return start(listen, name, DEFAULT_THREADS, Transport.AUTO);
  }

  /**
   * Starts a server listening on {@code listen}; port 0 picks a free port (see {@link #port()}).
   *
   * @throws UncheckedIOException when the address cannot be bound
   */
  public static EchoServer start(
      InetSocketAddress listen, String name, int threads, Transport transport) {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(name, "name");
    if (threads < 1) {
      throw new IllegalArgumentException("threads: " + threads + " (expected: >= 1)");
    }
    Transports transports = Transports.select(transport);
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            threads, new DefaultThreadFactory("echo-" + name, true), transports.ioHandlerFactory());
    Class<? extends ServerChannel> channel = transports.serverChannel();
    EchoServerState state = new EchoServerState();
    ChannelFuture bound =
        new ServerBootstrap()
            .group(group)
            .channel(channel)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new EchoChannelInitializer(name, state))
            .bind(listen)
            .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      shutdown(group);
      String message = "echo " + name + ": cannot listen on " + listen;
      if (bound.cause() instanceof IOException io) {
        throw new UncheckedIOException(message, io);
      }
      throw new IllegalStateException(message, bound.cause());
    }
    return new EchoServer(name, group, bound.channel(), state, transports.name());
  }

  public String name() {
    return name;
  }

  /** The bound address, with the real port when the server was started on port 0. */
  public InetSocketAddress address() {
    return (InetSocketAddress) listener.localAddress();
  }

  public int port() {
    return address().getPort();
  }

  /** {@code epoll}, {@code io_uring} or {@code nio}. */
  public String transport() {
    return transport;
  }

  /** Requests received so far, {@code /healthz} and upgrades included, counted at their heads. */
  public long requests() {
    return state.requests();
  }

  /** Switches the server into a misbehaviour (or back, with {@link EchoFault#NONE}). */
  public void fault(EchoFault fault) {
    state.fault(java.util.Objects.requireNonNull(fault, "fault"));
  }

  /** Connections open now. */
  public int activeConnections() {
    return state.activeConnections();
  }

  /** Connections accepted since start. */
  public long connectionsAccepted() {
    return state.connectionsAccepted();
  }

  /** Whether {@code /healthz} answers 200 {@code ok} (true, the default) or 503. */
  public boolean healthy() {
    return state.healthy();
  }

  /** Makes {@code /healthz} answer 200 or 503, for health-check tests. */
  public void healthy(boolean healthy) {
    state.healthy(healthy);
  }

  /** Stops listening and closes every connection, waiting at most {@link #CLOSE_TIMEOUT}. */
  @Override
  public void close() {
    listener.close().awaitUninterruptibly(CLOSE_TIMEOUT.toMillis());
    shutdown(group);
  }

  private static void shutdown(EventLoopGroup group) {
    group
        .shutdownGracefully(0, CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(CLOSE_TIMEOUT.toMillis() + 1_000);
  }

  @Override
  public String toString() {
    return "EchoServer["
        + name
        + " "
        + EchoJson.address(listener.localAddress())
        + " "
        + transport()
        + "]";
  }
}
