package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.config.Transport;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** The socket transport chosen at start: native epoll when available (or asked for), else NIO. */
record Transports(
    String name,
    IoHandlerFactory ioHandlerFactory,
    Class<? extends ServerChannel> serverChannel,
    Class<? extends SocketChannel> channel) {

  /**
   * Resolves the configured transport. {@code EPOLL} fails when the native library cannot load, so
   * a misconfigured host is noticed instead of silently running slower.
   */
  static Transports select(Transport wanted) {
    boolean epoll =
        switch (wanted) {
          case NIO -> false;
          case AUTO -> Epoll.isAvailable();
          case EPOLL -> {
            Epoll.ensureAvailability();
            yield true;
          }
        };
    if (epoll) {
      return new Transports(
          "epoll",
          EpollIoHandler.newFactory(),
          EpollServerSocketChannel.class,
          EpollSocketChannel.class);
    }
    return new Transports(
        "nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
  }
}
