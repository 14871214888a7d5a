package io.breakwater.dataplane.balance;

import java.util.ArrayList;
import java.util.List;

/** A server whose state tests set directly. */
final class TestServer implements LbServer {

  private final String name;
  volatile int weight;
  volatile boolean eligible = true;
  volatile int maxconn;
  volatile int active;

  TestServer(String name, int weight) {
    this.name = name;
    this.weight = weight;
  }

  /** Servers s0, s1, ... with these weights. */
  static List<TestServer> withWeights(int... weights) {
    List<TestServer> list = new ArrayList<>();
    for (int i = 0; i < weights.length; i++) {
      list.add(new TestServer("s" + i, weights[i]));
    }
    return list;
  }

  TestServer active(int n) {
    this.active = n;
    return this;
  }

  TestServer eligible(boolean e) {
    this.eligible = e;
    return this;
  }

  TestServer full() {
    this.maxconn = 1;
    this.active = 1;
    return this;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int weight() {
    return weight;
  }

  @Override
  public boolean eligible() {
    return eligible;
  }

  @Override
  public boolean hasCapacity() {
    return maxconn == 0 || active < maxconn;
  }

  @Override
  public int active() {
    return active;
  }

  @Override
  public String toString() {
    return name;
  }
}
