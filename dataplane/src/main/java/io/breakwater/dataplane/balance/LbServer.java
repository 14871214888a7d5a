package io.breakwater.dataplane.balance;

public interface LbServer {
  int weight();

  boolean eligible();

  boolean hasCapacity();

  int active();
}
