package io.breakwater.controller.source;

import io.breakwater.controller.model.ClusterSnapshot;

/**
 * Where the objects that translation reads come from: the Kubernetes API, or a manifests directory.
 *
 * <p>A source calls {@code onChange} whenever what it holds may have changed, from its own threads
 * and as often as it likes; the callback must only record the fact (the sync loop's coalescing does
 * the rest). {@link #snapshot()} then gives what the source holds now.
 */
public interface ClusterSource extends AutoCloseable {

  /**
   * Starts watching; returns at once. {@code onChange} is called after every change from now on,
   * including the initial load, and once when the source becomes {@link #ready()}.
   */
  void start(Runnable onChange);

  /**
   * Whether the source has loaded everything once. Before that a snapshot would be partial (say,
   * Ingresses without their Services), and applying it would take routes away that the dataplane
   * serves, so the sync loop waits.
   */
  default boolean ready() {
    return true;
  }

  /**
   * What the source holds now. Each list is one consistent read of its kind; a change landing while
   * the kinds are copied one after the other has called {@code onChange}, so a later snapshot
   * covers it (the loop is level-triggered: it only ever needs the latest state, eventually).
   */
  ClusterSnapshot snapshot();

  /** Stops watching and releases threads and connections; idempotent. */
  @Override
  void close();
}
