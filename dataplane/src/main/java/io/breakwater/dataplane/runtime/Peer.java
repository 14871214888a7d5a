package io.breakwater.dataplane.runtime;

import io.breakwater.dataplane.audit.AuditLine;
import io.netty.channel.Channel;
import io.netty.channel.socket.nio.NioChannelOption;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Who is at the other end of a Runtime API connection, for the audit log: {@code tcp:ip:port}, or
 * {@code unix:<socket path>} and the connecting process's user from the socket's peer credentials
 * ({@code SO_PEERCRED}, which the JDK gives as user and group names, not pid and uid). Worked out
 * only when a state-changing command is first logged, so read-only connections pay nothing.
 * Confined to the connection's command thread.
 */
final class Peer {
  private final Channel channel;
  private final Path unixSocket;
  private String address;
  private String user;

  private Peer(Channel channel, Path unixSocket) {
    this.channel = channel;
    this.unixSocket = unixSocket;
  }

  /**
   * @param unixSocket the listener's socket file (the accepted channel knows only the temporary
   *     name it was bound under), or null for TCP
   */
  static Peer of(Channel channel, Path unixSocket) {
    return new Peer(channel, unixSocket);
  }

  /** Adds {@code peer=…} and, on a Unix socket, {@code user=…}. */
  void appendTo(AuditLine line) {
    if (address == null) {
      resolve();
    }
    line.add("peer", address).add("user", user);
  }

  private void resolve() {
    if (unixSocket == null) {
      address = AuditLine.tcpPeer(channel.remoteAddress());
      return;
    }
    address = "unix:" + unixSocket;
    user = unixUser();
  }

  private String unixUser() {
    if (!(channel.localAddress() instanceof UnixDomainSocketAddress)) {
      return "?";
    }
    try {
      UnixDomainPrincipal p =
          channel.config().getOption(NioChannelOption.of(ExtendedSocketOptions.SO_PEERCRED));
      return p == null ? "?" : p.user().getName();
    } catch (RuntimeException | Error e) {
      // A platform without SO_PEERCRED, or a connection already gone: the path still says where.
      return "?";
    }
  }
}
