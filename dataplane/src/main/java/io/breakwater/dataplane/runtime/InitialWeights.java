package io.breakwater.dataplane.runtime;

import java.util.HashMap;
import java.util.Map;

/**
 * HAProxy's initial weight ({@code iweight}): the weight a server had before the Runtime API
 * changed it, which {@code set weight N%} is relative to and {@code get weight} shows. Breakwater
 * keeps runtime weights in the config, so this remembers, per server, the weight before the first
 * runtime change and the weight that change set. When the config's weight is no longer the one the
 * Runtime API set (the controller or {@code set config} changed it), that weight is the initial one
 * again.
 */
final class InitialWeights {
  private record Key(String backend, String server) {}

  private record Entry(int initial, int lastSet) {}

  private final Map<Key, Entry> entries = new HashMap<>();

  /** The initial weight of a server whose configured weight is {@code current}. */
  synchronized int initial(String backend, String server, int current) {
    Entry e = entries.get(new Key(backend, server));
    return e != null && e.lastSet == current ? e.initial : current;
  }

  /** Records that the Runtime API set the weight, the initial one being {@code initial}. */
  synchronized void set(String backend, String server, int initial, int weight) {
    entries.put(new Key(backend, server), new Entry(initial, weight));
  }

  /** Forgets a deleted server. */
  synchronized void forget(String backend, String server) {
    entries.remove(new Key(backend, server));
  }
}
