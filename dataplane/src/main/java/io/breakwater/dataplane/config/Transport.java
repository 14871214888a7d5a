package io.breakwater.dataplane.config;

/** The socket transport: native epoll when the platform has it, or Java NIO. */
public enum Transport {
  /** epoll when the native library loads, NIO otherwise. */
  AUTO,
  /** native epoll; refusing to start when it is unavailable. */
  EPOLL,
  /** Java NIO everywhere. */
  NIO;

  /** The spelling used in config files. */
  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
