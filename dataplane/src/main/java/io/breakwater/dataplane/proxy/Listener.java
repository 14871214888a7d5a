package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.accesslog.AccessLogWriter;
import io.breakwater.dataplane.config.HostPort;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * A bound listening socket and the frontend it currently serves. Listeners are keyed by address, so
 * a config that renames a frontend or changes only its routes keeps the socket: no connection is
 * refused during a swap. Each request reads {@link #current()} once, a single volatile read.
 */
final class Listener {
  private final HostPort address;
  private volatile FrontendRuntime current;
  private volatile AccessLogWriter accessLog = AccessLogWriter.disabled();
  private Channel serverChannel;
  private String portText = "0";

  Listener(HostPort address, FrontendRuntime initial) {
    this.address = address;
    this.current = initial;
  }

  HostPort address() {
    return address;
  }

  FrontendRuntime current() {
    return current;
  }

  void setCurrent(FrontendRuntime runtime) {
    this.current = runtime;
  }

  /** Where this listener's finished requests are logged (a disabled writer when off). */
  AccessLogWriter accessLog() {
    return accessLog;
  }

  void setAccessLog(AccessLogWriter writer) {
    this.accessLog = writer;
  }

  void bound(Channel ch) {
    this.serverChannel = ch;
    this.portText = Integer.toString(boundPort());
  }

  /** The bound port as text, for {@code X-Forwarded-Port}. */
  String portText() {
    return portText;
  }

  Channel serverChannel() {
    return serverChannel;
  }

  /** The port actually bound (differs from the config when it asked for port 0). */
  int boundPort() {
    return serverChannel == null
        ? -1
        : ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }
}
