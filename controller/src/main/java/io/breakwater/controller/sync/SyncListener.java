package io.breakwater.controller.sync;

import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.translate.Translation;
import java.time.Duration;

/**
 * What the sync loop tells the rest of the controller (status writer, Events, metrics). Called on
 * the sync thread; implementations must not block it for long (hand work to their own thread).
 */
public interface SyncListener {

  /** How a sync ended. */
  enum Outcome {
    /** The dataplane already ran what the cluster asks for. */
    NOOP,
    /** Only server sets changed; applied with {@code set backend B servers}. */
    SERVERS,
    /** Anything else changed; applied with a version-checked {@code set config}. */
    FULL,
    /** The apply failed (dataplane unreachable, refused); it will be retried. */
    FAILED
  }

  /**
   * One sync finished.
   *
   * @param snapshot what was translated
   * @param translation its translation (problems included)
   * @param outcome what was applied
   * @param duration how long the sync took
   * @param oldestChangeAgeNanos how long ago the oldest change this sync covered was observed
   *     (convergence latency), or -1 for a periodic resync
   * @param error why it failed, for {@link Outcome#FAILED}; null otherwise
   */
  void onSync(
      ClusterSnapshot snapshot,
      Translation translation,
      Outcome outcome,
      Duration duration,
      long oldestChangeAgeNanos,
      Throwable error);

  /** A listener that does nothing. */
  SyncListener NONE = (s, t, o, d, a, e) -> {};
}
