package io.breakwater.dataplane.runtime;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.ConfigError;
import io.breakwater.dataplane.config.ConfigException;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.RuntimeApiListener;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannelConfig;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Runtime API's listeners: Unix sockets and TCP addresses speaking HAProxy's stats-socket
 * protocol (see {@code docs/runtime-api.md}). It runs on its own event loop (one NIO thread, so
 * Unix sockets work on every platform through the JDK's) and runs commands on a small executor of
 * its own, so neither the proxy's event loops nor the CLI's I/O thread ever wait for a command.
 *
 * <p>Listeners are fixed for the server's life: to change them, {@link #close} this one and {@link
 * #start} another (connections of the old one are closed). The owner of the dataplane does so;
 * changes to {@code global.runtimeApi} in an applied config do not rebind anything by themselves.
 */
public final class RuntimeApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RuntimeApiServer.class);

  /** Connections one listener serves at once (HAProxy's {@code stats maxconn} default). */
  public static final int MAX_CONNECTIONS = 10;

  /** Threads that run commands; commands are short, and mutations serialize in the dataplane. */
  static final int COMMAND_THREADS = 2;

  private final EventLoopGroup io;
  private final EventExecutorGroup exec;
  private final ChannelGroup channels;
  private final List<Bound> bound;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** A bound listener: its channel, and the socket file to remove on close (Unix only). */
  private record Bound(RuntimeApiListener listener, Channel channel, Path file) {
    SocketAddress address() {
      return file != null ? UnixDomainSocketAddress.of(file) : channel.localAddress();
    }
  }

  private RuntimeApiServer(
      EventLoopGroup io, EventExecutorGroup exec, ChannelGroup channels, List<Bound> bound) {
    this.io = io;
    this.exec = exec;
    this.channels = channels;
    this.bound = bound;
  }

  /**
   * Binds every listener; with none, returns a server that does nothing. Unix sockets: a stale
   * socket file is removed first, the file gets the listener's mode and owner before anyone can
   * connect. TCP: the address must be loopback unless the listener allows remote clients.
   *
   * @throws ConfigException naming the listener ({@code global.runtimeApi[i]}) when one is
   *     malformed or cannot be bound; nothing stays bound then
   */
  public static RuntimeApiServer start(Dataplane dp, List<RuntimeApiListener> listeners) {
    if (listeners.isEmpty()) {
      return new RuntimeApiServer(null, null, null, List.of());
    }
    EventLoopGroup io =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("breakwater-cli"), NioIoHandler.newFactory());
    EventExecutorGroup exec =
        new DefaultEventExecutorGroup(
            COMMAND_THREADS, new DefaultThreadFactory("breakwater-cli-exec"));
    ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    Commands commands = new Commands(dp);
    List<Bound> bound = new ArrayList<>();
    try {
      for (int i = 0; i < listeners.size(); i++) {
        RuntimeApiListener l = listeners.get(i);
        bound.add(bind(i, l, new Initializer(l, commands, exec, channels), io));
      }
    } catch (RuntimeException e) {
      new RuntimeApiServer(io, exec, channels, bound).close();
      throw e;
    }
    return new RuntimeApiServer(io, exec, channels, List.copyOf(bound));
  }

  /** The bound addresses, in listener order: a Unix socket's path, or the TCP address and port. */
  public List<SocketAddress> localAddresses() {
    return bound.stream().map(Bound::address).toList();
  }

  private static Bound bind(int index, RuntimeApiListener l, Initializer init, EventLoopGroup io) {
    String path = "global.runtimeApi[" + index + "]";
    if ((l.unix() == null) == (l.tcp() == null)) {
      throw error(path, "needs exactly one of unix and tcp");
    }
    if (l.mode() < 0 || l.mode() > 0777) {
      throw error(path + ".mode", Integer.toOctalString(l.mode()) + " (expected: 0..0777)");
    }
    ServerBootstrap b = new ServerBootstrap().group(io).childHandler(init);
    return l.unix() != null ? bindUnix(path, l, b) : bindTcp(path, l, b);
  }

  private static Bound bindUnix(String path, RuntimeApiListener l, ServerBootstrap b) {
    Path file = Path.of(l.unix()).toAbsolutePath();
    Path temporary = UnixSocketFile.temporary(file);
    String what = "cannot bind unix socket " + file;
    Channel ch;
    try {
      UnixSocketFile.clearStale(file);
      Files.deleteIfExists(temporary);
      ch =
          b.channel(NioServerDomainSocketChannel.class)
              .bind(UnixDomainSocketAddress.of(temporary))
              .syncUninterruptibly()
              .channel();
    } catch (Exception e) {
      throw error(path + ".unix", what + ": " + reason(e));
    }
    try {
      UnixSocketFile.publish(temporary, file, l.mode(), l.owner());
    } catch (IOException | RuntimeException e) {
      ch.close().syncUninterruptibly();
      throw error(path + ".unix", what + ": cannot set its mode or owner: " + reason(e));
    }
    log.info(
        "runtime api listening on unix:{} (mode {}, level {})",
        file,
        Integer.toOctalString(l.mode()),
        l.level().configName());
    return new Bound(l, ch, file);
  }

  private static Bound bindTcp(String path, RuntimeApiListener l, ServerBootstrap b) {
    HostPort hp = l.tcp();
    String what = "cannot listen on " + hp;
    Channel ch;
    try {
      InetAddress address = InetAddress.getByName(hp.host());
      if (!l.allowRemote() && !address.isLoopbackAddress()) {
        throw error(
            path + ".tcp",
            hp
                + " is not a loopback address; set allowRemote to listen on it (anyone who can"
                + " connect may run commands at level "
                + l.level().configName()
                + ")");
      }
      ch =
          b.channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_REUSEADDR, true)
              .bind(new InetSocketAddress(address, hp.port()))
              .syncUninterruptibly()
              .channel();
    } catch (ConfigException e) {
      throw e;
    } catch (Exception e) {
      throw error(path + ".tcp", what + ": " + reason(e));
    }
    log.info(
        "runtime api listening on tcp:{} (level {})", ch.localAddress(), l.level().configName());
    return new Bound(l, ch, null);
  }

  private static String reason(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static ConfigException error(String path, String message) {
    return new ConfigException("runtime api", List.of(new ConfigError(path, message)));
  }

  /** Unbinds every listener, closes open connections and removes the socket files; once. */
  @Override
  public void close() {
    if (io == null || !closed.compareAndSet(false, true)) {
      return;
    }
    for (Bound b : bound) {
      b.channel().close().syncUninterruptibly();
      if (b.file() != null) {
        try {
          Files.deleteIfExists(b.file());
        } catch (IOException e) {
          log.warn("cannot remove {}: {}", b.file(), e.toString());
        }
      }
    }
    channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    exec.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
  }

  /** Builds a connection's pipeline: framing on the I/O thread, the session on the executor. */
  private static final class Initializer extends ChannelInitializer<Channel> {
    private final RuntimeApiListener listener;
    private final Commands commands;
    private final EventExecutorGroup exec;
    private final ChannelGroup channels;
    private final AtomicInteger open = new AtomicInteger();
    private final Path unixSocket;

    Initializer(
        RuntimeApiListener listener,
        Commands commands,
        EventExecutorGroup exec,
        ChannelGroup channels) {
      this.listener = listener;
      this.commands = commands;
      this.exec = exec;
      this.channels = channels;
      this.unixSocket = listener.unix() != null ? Path.of(listener.unix()).toAbsolutePath() : null;
    }

    @Override
    protected void initChannel(Channel ch) {
      if (open.incrementAndGet() > MAX_CONNECTIONS) {
        open.decrementAndGet();
        ch.writeAndFlush(
                ByteBufUtil.writeUtf8(
                    ch.alloc(), "Too many connections: at most " + MAX_CONNECTIONS + " at once.\n"))
            .addListener(ChannelFutureListener.CLOSE);
        return;
      }
      ch.closeFuture().addListener(f -> open.decrementAndGet());
      // The framer reads only when the session asks (read after write).
      ch.config().setAutoRead(false);
      // A TCP client may half-close after its commands and still get the answers. (NIO's Unix
      // socket channel cannot; CliFramer's reading one input at a time makes up for it.)
      if (ch.config() instanceof SocketChannelConfig tcp) {
        tcp.setAllowHalfClosure(true);
      }
      channels.add(ch);
      Peer peer = Peer.of(ch, unixSocket);
      ch.pipeline()
          .addLast("frame", new CliFramer())
          .addLast(
              exec, "session", new CliSession(commands, new SessionState(listener.level(), peer)));
    }
  }
}
