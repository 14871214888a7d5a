package io.breakwater.dataplane.balance;

import io.breakwater.dataplane.config.Balance;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Consistent hashing ({@code source}: the client address; {@code uri}: the path without query) over
 * a ring of weight-proportional virtual nodes, so that a key keeps its server while that server
 * stays, and removing a server moves only the keys it had.
 *
 * <p><b>The ring.</b> A server's points sit at hashes of its {@link LbServer#name() name} and the
 * point's ordinal, so they do not depend on the other servers or on list order. A server gets
 * {@code w / g * k} points, where {@code g} is the gcd of the weights (so 1,000 pods of weight 100
 * are laid out like 1,000 pods of weight 1) and {@code k} is {@value #POINTS_PER_WEIGHT}, lowered
 * to {@code MAX_POINTS / sum(w / g)} when the ring would exceed {@value #MAX_POINTS} points; when
 * even one point per weight unit is too many, counts are scaled down proportionally with at least
 * one point each. Removing a server therefore moves only its own keys as long as {@code g} and
 * {@code k} stay the same: always for backends up to 409 weight units, and for larger ones unless
 * the removal changes {@code MAX_POINTS / sum} (then each survivor's points grow by a few percent,
 * and about as many keys again move between survivors) or the gcd.
 *
 * <p><b>Picks.</b> The key's position is found through a table of bucket starts indexed by its top
 * bits, which leaves about one entry to compare, O(1) expected. An unavailable owner passes the key
 * to the next distinct server clockwise, so a key's fallback is stable too; after as many owner
 * changes as there are servers without success, the servers are scanned in list order, O(servers),
 * on the path where most servers are busy. A request without a key (no client address, no path)
 * takes a rotating position on the ring. Building is linear in the ring's size (hashing and a
 * counting sort): about a millisecond for a full ring.
 */
final class ConsistentHashBalancer<S extends LbServer> extends AbstractBalancer<S> {

  /** Upper bound of the ring's size, give or take one point per server. */
  static final int MAX_POINTS = 65_536;

  /** Points per unit of gcd-reduced weight, when the ring has room. */
  static final int POINTS_PER_WEIGHT = 160;

  /**
   * A ring entry is {@code position << INDEX_BITS | serverIndex}: 39 bits of position and 24 of
   * index make it a non-negative long, so entries sort by position.
   */
  private static final int INDEX_BITS = 24;

  private static final int POSITION_BITS = 39;

  /** The top bits of a position that index {@link #bucketStart}; about one entry per bucket. */
  private static final int MAX_BUCKET_BITS = 16;

  private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final boolean bySource;
  private final long[] ring;

  /**
   * bucketStart[b] is the index of the first entry whose position's top {@code bucketBits} bits are
   * at least b (the ring's length past the last); a lookup searches only its bucket.
   */
  private final int[] bucketStart;

  private final int bucketShift;
  private final AtomicLong keyless = new AtomicLong();

  ConsistentHashBalancer(Balance algorithm, List<S> servers) {
    super(algorithm, servers);
    this.bySource = algorithm == Balance.SOURCE;
    long[] entries = buildRing();
    int bits = bucketBits(entries.length);
    this.bucketShift = POSITION_BITS + INDEX_BITS - bits;
    this.bucketStart = new int[(1 << bits) + 1];
    this.ring = sortIntoBuckets(entries);
  }

  private long[] buildRing() {
    int n = servers.length;
    int gcd = 0;
    long units = 0;
    for (int w : weights) {
      gcd = w > 0 ? gcd(gcd, w) : gcd;
    }
    if (gcd == 0) {
      return new long[0];
    }
    for (int w : weights) {
      units += w / gcd;
    }
    int[] points = new int[n];
    int total = 0;
    for (int i = 0; i < n; i++) {
      int serverUnits = weights[i] / gcd;
      if (serverUnits == 0) {
        continue;
      }
      if (units <= MAX_POINTS) {
        points[i] = serverUnits * (int) Math.min(POINTS_PER_WEIGHT, MAX_POINTS / units);
      } else {
        points[i] = (int) Math.max(1, serverUnits * MAX_POINTS / units);
      }
      total += points[i];
    }
    long[] entries = new long[total];
    int p = 0;
    for (int i = 0; i < n; i++) {
      long base =
          hashChars(Objects.requireNonNull(servers[i].name(), "servers[" + i + "].name"), 0, -1);
      for (int j = 0; j < points[i]; j++) {
        entries[p++] = position(base + j * GOLDEN) << INDEX_BITS | i;
      }
    }
    return entries;
  }

  private static int bucketBits(int entries) {
    int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, entries - 1));
    return Math.min(MAX_BUCKET_BITS, Math.max(1, bits));
  }

  /**
   * Sorts {@code entries} by counting them into buckets of their top bits, then insertion-sorting
   * each bucket (positions are uniform, so about one entry each): O(entries) rather than a
   * comparison sort, which matters when the ring is rebuilt many times a second. Fills {@code
   * bucketStart}.
   */
  private long[] sortIntoBuckets(long[] entries) {
    int buckets = bucketStart.length - 1;
    for (long e : entries) {
      bucketStart[(int) (e >>> bucketShift) + 1]++;
    }
    for (int b = 0; b < buckets; b++) {
      bucketStart[b + 1] += bucketStart[b];
    }
    int[] fill = Arrays.copyOf(bucketStart, buckets);
    long[] sorted = new long[entries.length];
    for (long e : entries) {
      sorted[fill[(int) (e >>> bucketShift)]++] = e;
    }
    for (int b = 0; b < buckets; b++) {
      for (int i = bucketStart[b] + 1, end = bucketStart[b + 1]; i < end; i++) {
        long e = sorted[i];
        int j = i - 1;
        for (; j >= bucketStart[b] && sorted[j] > e; j--) {
          sorted[j + 1] = sorted[j];
        }
        sorted[j + 1] = e;
      }
    }
    return sorted;
  }

  @Override
  public S pick(PickContext ctx) {
    long[] r = ring;
    if (r.length == 0) {
      return null;
    }
    int p = ceiling(r, key(ctx));
    int first = (int) (r[p] & INDEX_MASK);
    int last = -1;
    for (int checks = 0, k = 0; checks < servers.length && k < r.length; k++) {
      int i = (int) (r[p] & INDEX_MASK);
      if (i != last) {
        if (available(servers[i])) {
          return server(i);
        }
        last = i;
        checks++;
      }
      p = p + 1 == r.length ? 0 : p + 1;
    }
    return firstAvailableFrom(first);
  }

  /** The key's position on the ring. */
  private long key(PickContext ctx) {
    if (bySource) {
      InetAddress a = ctx.clientAddress();
      if (a instanceof Inet4Address) {
        // Inet4Address.hashCode() is the address itself: no copy of the address bytes.
        return position(0x4_0000_0000L | (a.hashCode() & 0xFFFF_FFFFL));
      }
      if (a != null) {
        byte[] bytes = a.getAddress();
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
          h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        return position(h);
      }
    } else {
      CharSequence path = ctx.path();
      if (path != null) {
        return position(hashChars(path, 0, '?'));
      }
    }
    return position(keyless.getAndIncrement());
  }

  /** Index of the first entry at or after {@code position}, wrapping to 0 past the end. */
  private int ceiling(long[] ring, long position) {
    long target = position << INDEX_BITS;
    int bucket = (int) (target >>> bucketShift);
    int i = bucketStart[bucket];
    for (int end = bucketStart[bucket + 1]; i < end && ring[i] < target; i++) {}
    return i == ring.length ? 0 : i;
  }

  /**
   * FNV-1a over the characters of {@code s} from {@code from}; with {@code stop} = {@code '?'} it
   * stops at {@code ?} or {@code #}, with -1 it reads to the end. Deterministic across processes
   * and JDKs, so replicas agree on where a key goes.
   */
  private static long hashChars(CharSequence s, int from, int stop) {
    long h = 0xcbf29ce484222325L;
    for (int i = from, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (stop >= 0 && (c == stop || c == '#')) {
        break;
      }
      h = (h ^ c) * 0x100000001b3L;
    }
    return h;
  }

  /** A well-mixed position of {@value #POSITION_BITS} bits from any value (murmur3's fmix64). */
  private static long position(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return (z ^ (z >>> 33)) >>> (64 - POSITION_BITS);
  }

  /** The ring's size, for tests. */
  int ringSize() {
    return ring.length;
  }
}
