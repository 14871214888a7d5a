package io.breakwater.dataplane.balance;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** A pick context for tests. */
record Ctx(InetAddress clientAddress, CharSequence path) implements PickContext {

  static final Ctx NONE = new Ctx(null, null);

  static Ctx path(String path) {
    return new Ctx(null, path);
  }

  static Ctx client(String address) {
    try {
      return new Ctx(InetAddress.getByName(address), null);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(address, e);
    }
  }

  /** The IPv4 address 10.x.y.z for i = x*65536 + y*256 + z. */
  static Ctx client(int i) {
    try {
      byte[] a = {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
      return new Ctx(InetAddress.getByAddress(a), null);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
