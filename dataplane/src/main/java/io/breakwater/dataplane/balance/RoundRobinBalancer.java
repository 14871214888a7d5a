package io.breakwater.dataplane.balance;

import io.breakwater.dataplane.config.Balance;
import io.breakwater.dataplane.config.Server;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Smooth weighted round robin: nginx's sequence (for weights a=5, b=1, c=1: a a b a c a a),
 * precomputed once per balancer and walked with one atomic counter, so picks are lock-free and O(1)
 * when the server at the counter's position is available.
 *
 * <p>An unavailable server's turn passes to the next server of the sequence. The walk goes on for
 * twice as many positions as there are servers plus the longest run one server can have (its
 * weight, at most 256), so it passes a full heavy server's run, and repeated entries cost an array
 * read; then the servers are scanned in list order from a point that moves with each pick. A pick
 * is thus O(servers) at worst, on the path where most servers are busy.
 *
 * <p>Building is O(period × distinct weights), where the period is the sum of the weights divided
 * by their gcd: about 0.2 ms for 1,000 servers of equal weight, and about 30 ms for the worst case
 * of 1,000 servers spread over all 256 weights (period ≈ 128k). The sequence takes one int per
 * position.
 */
final class RoundRobinBalancer<S extends LbServer> extends AbstractBalancer<S> {

  /** Server indices fit below this many bits of a sequence key. */
  private static final int INDEX_BITS = 24;

  private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;

  /** Server indices in smooth weighted round-robin order: one period of the sequence. */
  private final int[] sequence;

  private final int walkLimit;
  private final AtomicLong next;

  RoundRobinBalancer(List<S> servers, RandomGenerator random) {
    super(Balance.ROUNDROBIN, servers);
    this.sequence = smoothWeightedSequence(weights);
    this.walkLimit = Math.min(sequence.length, 2 * servers.size() + Server.MAX_WEIGHT);
    // A fresh balancer starts at a random point of its sequence: with rebuilds many times a second
    // and few requests between them, starting at 0 would keep sending to the first server.
    this.next = new AtomicLong(sequence.length == 0 ? 0 : random.nextInt(sequence.length));
  }

  @Override
  public S pick(PickContext ctx) {
    int period = sequence.length;
    if (period == 0) {
      return null;
    }
    long ticket = next.getAndIncrement();
    int pos = (int) Long.remainderUnsigned(ticket, period);
    int last = -1;
    for (int k = 0; k < walkLimit; k++) {
      int i = sequence[pos];
      if (i != last) {
        if (available(servers[i])) {
          return server(i);
        }
        last = i;
      }
      pos = pos + 1 == period ? 0 : pos + 1;
    }
    return firstAvailableFrom((int) Long.remainderUnsigned(ticket, servers.length));
  }

  /** One period of the sequence, for tests. */
  int[] sequence() {
    return sequence.clone();
  }

  /**
   * One period of nginx's smooth weighted round robin over {@code weights} (zeros left out): at
   * each step every server's current weight grows by its weight, the largest (first on ties) is
   * chosen and loses the total. The period is the total weight divided by the weights' gcd, which
   * scales every current weight alike and so changes no choice.
   *
   * <p>Servers of equal weight move in lockstep: among them the one chosen fewest times (first on
   * ties) has the largest current weight, so they take turns in list order. Computing per distinct
   * weight rather than per server makes a step O(distinct weights) instead of O(servers): 1,000
   * pods of equal weight build in microseconds; the worst case, 256 distinct weights, costs one
   * multiply-add per distinct weight per position.
   */
  static int[] smoothWeightedSequence(int[] weights) {
    int gcd = 0;
    for (int w : weights) {
      gcd = w > 0 ? gcd(gcd, w) : gcd;
    }
    if (gcd == 0) {
      return new int[0];
    }
    // Group the servers by reduced weight, groups in order of first appearance.
    int[] groupOf = new int[Server.MAX_WEIGHT + 1];
    int[] groupWeight = new int[Server.MAX_WEIGHT];
    int[] groupSize = new int[Server.MAX_WEIGHT];
    int groups = 0;
    int period = 0;
    for (int w : weights) {
      if (w > 0) {
        int r = w / gcd;
        if (groupOf[r] == 0) {
          groupWeight[groups] = r;
          groupOf[r] = ++groups;
        }
        groupSize[groupOf[r] - 1]++;
        period += r;
      }
    }
    int[][] members = new int[groups][];
    int[] filled = new int[groups];
    for (int g = 0; g < groups; g++) {
      members[g] = new int[groupSize[g]];
    }
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] > 0) {
        int g = groupOf[weights[i] / gcd] - 1;
        members[g][filled[g]++] = i;
      }
    }
    // A group's next server has been chosen r times, so at step t its current weight is
    // t * w - period * r. The key packs that above INDEX_BITS bits of (MAX - server index),
    // so one comparison picks the largest current weight and, on ties, the lowest index.
    long[] slope = new long[groups];
    long[] base = new long[groups];
    int[] next = new int[groups];
    for (int g = 0; g < groups; g++) {
      slope[g] = (long) groupWeight[g] << INDEX_BITS;
      base[g] = INDEX_MASK - members[g][0];
    }
    int[] sequence = new int[period];
    for (int t = 1; t <= period; t++) {
      int best = 0;
      long bestKey = t * slope[0] + base[0];
      for (int g = 1; g < groups; g++) {
        long key = t * slope[g] + base[g];
        if (key > bestKey) {
          best = g;
          bestKey = key;
        }
      }
      int[] m = members[best];
      int chosen = m[next[best]];
      sequence[t - 1] = chosen;
      long offset = (base[best] - (INDEX_MASK - chosen)) >> INDEX_BITS;
      if (++next[best] == m.length) {
        next[best] = 0;
        offset -= period;
      }
      base[best] = (offset << INDEX_BITS) + (INDEX_MASK - m[next[best]]);
    }
    return sequence;
  }
}
