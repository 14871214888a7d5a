package io.breakwater.dataplane.transport;

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
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;

/**
 * The socket transport chosen at start: io_uring, epoll or NIO. One choice serves every event loop
 * group of a process part (proxy, echo).
 */
public record Transports(
    String name,
    IoHandlerFactory ioHandlerFactory,
    Class<? extends ServerChannel> serverChannel,
    Class<? extends SocketChannel> channel) {

  /**
   * Resolves the configured transport. {@code AUTO} takes io_uring where the kernel allows it (it
   * batches accept, reads, writes and closes into one system call per loop turn: measured in
   * docs/performance.md), else epoll, else NIO. {@code EPOLL} and {@code IO_URING} fail when they
   * cannot load, so a misconfigured host is noticed instead of silently running slower.
   */
  public static Transports select(Transport wanted) {
    if (wanted == Transport.IO_URING) {
      IoUring.ensureAvailability();
    }
    if (wanted == Transport.IO_URING || (wanted == Transport.AUTO && IoUring.isAvailable())) {
      return new Transports(
          "io_uring",
          IoUringIoHandler.newFactory(),
          IoUringServerSocketChannel.class,
          IoUringSocketChannel.class);
    }
    boolean epoll =
        switch (wanted) {
          case NIO -> false;
          case AUTO -> Epoll.isAvailable();
          case EPOLL -> {
            Epoll.ensureAvailability();
            yield true;
          }
          case IO_URING -> throw new AssertionError("handled above");
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
