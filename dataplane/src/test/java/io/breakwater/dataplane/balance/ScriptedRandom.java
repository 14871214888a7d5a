package io.breakwater.dataplane.balance;

import java.util.random.RandomGenerator;

/** Answers {@link #nextInt(int)} from a script, so a test fixes every draw. */
final class ScriptedRandom implements RandomGenerator {

  private final int[] script;
  private int next;

  ScriptedRandom(int... script) {
    this.script = script;
  }

  @Override
  public int nextInt(int bound) {
    int v = script[next++ % script.length];
    if (v >= bound) {
      throw new IllegalStateException("scripted " + v + " >= bound " + bound);
    }
    return v;
  }

  @Override
  public long nextLong() {
    throw new UnsupportedOperationException("only nextInt(bound) is scripted");
  }
}
