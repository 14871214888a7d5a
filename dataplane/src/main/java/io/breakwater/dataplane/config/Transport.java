package io.breakwater.dataplane.config;

/** The socket transport: Linux io_uring or epoll when the platform has them, or Java NIO. */
public enum Transport {
  /** io_uring when the kernel allows it, else epoll when its native library loads, else NIO. */
  AUTO,
  /** native epoll; refusing to start when it is unavailable. */
  EPOLL,
  /** Linux io_uring; refusing to start when the kernel or native library does not allow it. */
  IO_URING,
  /** Java NIO everywhere. */
  NIO;

  /** The spelling used in config files. */
  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
