package io.breakwater.dataplane.resilience;

/**
 * Asked by a {@link CircuitBreaker} before it opens from CLOSED; while the gate refuses, the
 * breaker stays CLOSED and asks again at its next failing judgement. Every granted open is matched
 * by exactly one {@link #closed()} when the breaker next reaches CLOSED (or is reset). {@link
 * OutlierEjection} caps a backend's ejected servers this way.
 */
public interface OpenGate {
  /** A gate that always grants: a breaker on its own. */
  OpenGate ALWAYS =
      new OpenGate() {
        @Override
        public boolean tryOpen() {
          return true;
        }

        @Override
        public void closed() {}
      };

  /** Whether the breaker may open now; a grant is held until {@link #closed()}. */
  boolean tryOpen();

  /** A breaker that was granted an open is CLOSED again. */
  void closed();
}
