package io.breakwater.dataplane.balance;

import io.breakwater.dataplane.config.Balance;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Power of two choices: draw two servers at random in proportion to their weights (independently,
 * so both may be the same) and take the less loaded by active requests relative to weight, the
 * first drawn on ties. With every server idle this is plain weighted random.
 *
 * <p>A draw is a binary search over cumulative weights, O(log servers). When neither candidate is
 * available, two more are drawn; after {@value #ROUNDS} such rounds the least loaded available
 * server is taken by a scan from a random point, O(servers), on the path where most are busy.
 */
final class RandomBalancer<S extends LbServer> extends AbstractBalancer<S> {

  static final int ROUNDS = 2;

  private final Supplier<? extends RandomGenerator> random;

  /** cumulative[i] is the sum of the weights of servers 0..i at construction. */
  private final int[] cumulative;

  private final int totalWeight;

  RandomBalancer(List<S> servers, Supplier<? extends RandomGenerator> random) {
    super(Balance.RANDOM, servers);
    this.random = random;
    this.cumulative = new int[weights.length];
    int sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      cumulative[i] = sum;
    }
    this.totalWeight = sum;
  }

  @Override
  public S pick(PickContext ctx) {
    if (totalWeight == 0) {
      return null;
    }
    RandomGenerator r = random.get();
    for (int round = 0; round < ROUNDS; round++) {
      int a = draw(r);
      int b = draw(r);
      LbServer sa = servers[a];
      LbServer sb = servers[b];
      boolean aOk = available(sa);
      boolean bOk = a != b && available(sb);
      if (aOk && bOk) {
        return lessLoaded(sb.active(), sb.weight(), sa.active(), sa.weight())
            ? server(b)
            : server(a);
      }
      if (aOk) {
        return server(a);
      }
      if (bOk) {
        return server(b);
      }
    }
    return leastLoadedFrom(r.nextInt(servers.length));
  }

  /**
   * A server index drawn with probability weight / total: the first whose cumulative weight exceeds
   * a uniform draw. The search halves a window with a conditional move rather than a branch, since
   * random keys make every branch a coin toss for the predictor.
   */
  private int draw(RandomGenerator r) {
    int x = r.nextInt(totalWeight);
    int[] c = cumulative;
    int base = 0;
    for (int len = c.length; len > 1; ) {
      int half = len >>> 1;
      base = c[base + half - 1] <= x ? base + half : base;
      len -= half;
    }
    return base;
  }

  private S leastLoadedFrom(int start) {
    int n = servers.length;
    int best = -1;
    int bestActive = 0;
    int bestWeight = 1;
    for (int k = 0, i = start; k < n; k++, i = i + 1 == n ? 0 : i + 1) {
      LbServer s = servers[i];
      if (available(s)) {
        int active = s.active();
        int w = s.weight();
        if (best < 0 || lessLoaded(active, w, bestActive, bestWeight)) {
          best = i;
          bestActive = active;
          bestWeight = w;
        }
      }
    }
    return best < 0 ? null : server(best);
  }
}
