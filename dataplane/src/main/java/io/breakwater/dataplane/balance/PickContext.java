package io.breakwater.dataplane.balance;

public interface PickContext {
  java.net.InetAddress clientAddress();

  CharSequence path();
}
