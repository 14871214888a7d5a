package io.breakwater.dataplane.health;

/** Receives each check result of a {@link HealthChecker}, on the checker's event loop. */
@FunctionalInterface
public interface CheckListener {

  /**
   * Called once per completed check, before the checker asks its {@link IntervalSource} for the
   * next interval, so a state change made here already decides that interval. Must not block.
   */
  void onResult(ProbeResult result);
}
