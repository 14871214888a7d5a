package io.breakwater.dataplane.policy;

import io.breakwater.dataplane.config.Cidr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * A list of CIDR ranges to test client addresses against. Addresses are 128-bit pairs ({@link
 * Cidr}'s form: IPv4 as IPv4-mapped IPv6), so one scan serves both families. The scan is linear:
 * lists written by hand are short, and a scan over a few longs beats any structure for them.
 */
public final class AddressSet {
  private final long[] hi;
  private final long[] lo;
  private final long[] maskHi;
  private final long[] maskLo;

  private AddressSet(List<Cidr> ranges) {
    int n = ranges.size();
    hi = new long[n];
    lo = new long[n];
    maskHi = new long[n];
    maskLo = new long[n];
    for (int i = 0; i < n; i++) {
      Cidr c = ranges.get(i);
      hi[i] = c.hi();
      lo[i] = c.lo();
      // The last address minus the first gives the host bits; their complement is the mask.
      maskHi[i] = ~(c.lastHi() ^ c.hi());
      maskLo[i] = ~(c.lastLo() ^ c.lo());
    }
  }

  /** The ranges written as text (already validated), or null for a null list. */
  public static AddressSet of(List<String> texts) {
    if (texts == null) {
      return null;
    }
    return new AddressSet(texts.stream().map(Cidr::parse).toList());
  }

  /**
   * Whether the list has no range (an empty allow list allows nobody; it is turned off instead).
   */
  public boolean isEmpty() {
    return hi.length == 0;
  }

  /** Whether the address ({@code addrHi}, {@code addrLo}) lies in one of the ranges. */
  public boolean contains(long addrHi, long addrLo) {
    for (int i = 0; i < hi.length; i++) {
      if ((addrHi & maskHi[i]) == hi[i] && (addrLo & maskLo[i]) == lo[i]) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code bits} ({@link #bits}'s output) lies in one of the ranges. */
  public boolean contains(long[] bits) {
    return contains(bits[0], bits[1]);
  }

  /** Writes {@code a} as 128 bits into {@code out}: IPv4 as IPv4-mapped IPv6. */
  public static void bits(InetAddress a, long[] out) {
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      out[0] = 0;
      out[1] =
          0xffff_0000_0000L
              | ((b[0] & 0xffL) << 24)
              | ((b[1] & 0xffL) << 16)
              | ((b[2] & 0xffL) << 8)
              | (b[3] & 0xffL);
      return;
    }
    long h = 0;
    long l = 0;
    for (int i = 0; i < 8; i++) {
      h = (h << 8) | (b[i] & 0xffL);
      l = (l << 8) | (b[i + 8] & 0xffL);
    }
    out[0] = h;
    out[1] = l;
  }
}
