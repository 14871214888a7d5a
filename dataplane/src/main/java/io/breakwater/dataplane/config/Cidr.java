package io.breakwater.dataplane.config;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}), or a
 * single address ({@code 192.0.2.7}, which is {@code /32}; {@code ::1}, {@code /128}).
 *
 * <p>Every address is held as 128 bits, {@code hi} and {@code lo}; IPv4 addresses as their
 * IPv4-mapped IPv6 form ({@code ::ffff:a.b.c.d}), so one range check serves both families and an
 * IPv4 client that reaches a dual-stack socket as {@code ::ffff:a.b.c.d} matches IPv4 ranges. Host
 * bits set in a range ({@code 10.0.0.1/8}) are a mistake that is refused, not silently cleared.
 * Parsing never resolves names.
 *
 * @param hi the first 64 bits of the range's first address
 * @param lo the last 64 bits of the range's first address
 * @param prefix the prefix length in the 128-bit space (an IPv4 {@code /8} is 104)
 * @param ipv4 whether it was written as IPv4
 */
public record Cidr(long hi, long lo, int prefix, boolean ipv4) {

  /** What {@link #problem} messages say is expected. */
  public static final String EXPECTED =
      "an IPv4 or IPv6 address or CIDR range, e.g. 10.0.0.0/8, 192.0.2.7 or fd00::/8";

  private static final long V4_MAPPED = 0xffff_0000_0000L;

  /**
   * The range written as {@code text}.
   *
   * @throws IllegalArgumentException with what {@link #problem} says
   */
  public static Cidr parse(String text) {
    String problem = problem(text);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    int slash = text.indexOf('/');
    long[] a = new long[2];
    parseAddress(text, 0, slash < 0 ? text.length() : slash, a);
    boolean v4 = text.indexOf(':') < 0;
    int bits = slash < 0 ? (v4 ? 32 : 128) : Integer.parseInt(text.substring(slash + 1));
    return new Cidr(a[0], a[1], v4 ? bits + 96 : bits, v4);
  }

  /** What is wrong with {@code text} as a range, or {@code null}. */
  public static String problem(String text) {
    int slash = text.indexOf('/');
    long[] a = new long[2];
    String quoted = Texts.quote(text);
    if (!parseAddress(text, 0, slash < 0 ? text.length() : slash, a)) {
      return quoted + " is not " + EXPECTED;
    }
    if (slash < 0) {
      return null;
    }
    boolean v4 = text.indexOf(':') < 0;
    String bits = text.substring(slash + 1);
    int max = v4 ? 32 : 128;
    if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return quoted + " has no valid prefix length (expected: /0../" + max + ")";
    }
    int n = Integer.parseInt(bits);
    if (n > max) {
      return quoted + " has a prefix longer than " + max + " bits (expected: /0../" + max + ")";
    }
    int prefix = v4 ? n + 96 : n;
    if ((a[0] & ~maskHi(prefix)) != 0 || (a[1] & ~maskLo(prefix)) != 0) {
      return quoted + " has bits set after the prefix (expected: the range's first address)";
    }
    return null;
  }

  /** Whether the address ({@code hi}, {@code lo}) lies in this range. */
  public boolean contains(long addrHi, long addrLo) {
    return (addrHi & maskHi(prefix)) == hi && (addrLo & maskLo(prefix)) == lo;
  }

  /** The last address of the range: {@code [hi, lo]}. */
  public long lastHi() {
    return hi | ~maskHi(prefix);
  }

  public long lastLo() {
    return lo | ~maskLo(prefix);
  }

  static long maskHi(int prefix) {
    return prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
  }

  static long maskLo(int prefix) {
    return prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
  }

  /**
   * Parses an IPv4 ({@code 192.0.2.7}) or IPv6 ({@code 2001:db8::1}, {@code ::ffff:192.0.2.7})
   * literal in {@code s[from, to)} into {@code out[0]} (high 64 bits) and {@code out[1]} (low),
   * IPv4 as IPv4-mapped IPv6. No brackets, zones or leading zeros in IPv4 octets. IPv4 parsing
   * allocates nothing, IPv6 parsing one small array.
   *
   * @return false when the text is not such a literal ({@code out} is then undefined)
   */
  public static boolean parseAddress(CharSequence s, int from, int to, long[] out) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == ':') {
        return parseV6(s, from, to, out);
      }
    }
    long v4 = parseV4(s, from, to);
    if (v4 < 0) {
      return false;
    }
    out[0] = 0;
    out[1] = V4_MAPPED | v4;
    return true;
  }

  /** The 32-bit value of a dotted quad, or -1. */
  private static long parseV4(CharSequence s, int from, int to) {
    long value = 0;
    int octets = 0;
    int i = from;
    while (i <= to) {
      int start = i;
      int octet = 0;
      while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        octet = octet * 10 + (s.charAt(i) - '0');
        i++;
        if (i - start > 3) {
          return -1;
        }
      }
      int len = i - start;
      if (len == 0 || octet > 255 || (len > 1 && s.charAt(start) == '0')) {
        return -1;
      }
      value = value << 8 | octet;
      octets++;
      if (i == to) {
        break;
      }
      if (s.charAt(i) != '.' || octets == 4) {
        return -1;
      }
      i++;
    }
    return octets == 4 ? value : -1;
  }

  private static boolean parseV6(CharSequence s, int from, int to, long[] out) {
    int[] groups = new int[8];
    int n = 0;
    int gap = -1;
    int i = from;
    if (to - from >= 2 && s.charAt(i) == ':' && s.charAt(i + 1) == ':') {
      gap = 0;
      i += 2;
      if (i == to) {
        out[0] = 0;
        out[1] = 0;
        return true;
      }
    } else if (s.charAt(i) == ':') {
      return false;
    }
    while (i < to) {
      int start = i;
      int g = 0;
      while (i < to && hex(s.charAt(i)) >= 0 && i - start < 4) {
        g = g << 4 | hex(s.charAt(i));
        i++;
      }
      if (i < to && s.charAt(i) == '.') {
        // An IPv4 tail takes the last two groups.
        long v4 = parseV4(s, start, to);
        if (v4 < 0 || n > 6) {
          return false;
        }
        groups[n++] = (int) (v4 >>> 16);
        groups[n++] = (int) (v4 & 0xffff);
        i = to;
        break;
      }
      if (i == start || n == 8) {
        return false;
      }
      groups[n++] = g;
      if (i == to) {
        break;
      }
      if (s.charAt(i) != ':') {
        return false;
      }
      i++;
      if (i < to && s.charAt(i) == ':') {
        if (gap >= 0) {
          return false;
        }
        gap = n;
        i++;
        if (i == to) {
          break;
        }
      } else if (i == to) {
        return false;
      }
    }
    if (gap < 0 ? n != 8 : n > 7) {
      return false;
    }
    if (gap >= 0) {
      int move = n - gap;
      System.arraycopy(groups, gap, groups, 8 - move, move);
      for (int k = gap; k < 8 - move; k++) {
        groups[k] = 0;
      }
    }
    long hi = 0;
    long lo = 0;
    for (int k = 0; k < 4; k++) {
      hi = hi << 16 | groups[k];
      lo = lo << 16 | groups[k + 4];
    }
    out[0] = hi;
    out[1] = lo;
    return true;
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
