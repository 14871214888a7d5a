package io.breakwater.dataplane.resilience;

import io.breakwater.dataplane.config.Breaker;
import io.breakwater.dataplane.config.Breaker.WindowType;
import java.time.Duration;

/** A {@link Breaker} built field by field, with small numbers that keep tables short. */
final class BreakerSpec {
  WindowType windowType = WindowType.COUNT;
  Duration window = Duration.ofSeconds(10);
  int windowSize = 10;
  int failureRate = 50;
  int minimum = 10;
  int consecutive = 0;
  int slowRate = 100;
  Duration slowDuration = null;
  Duration open = Duration.ofSeconds(10);
  Duration maxOpen = Duration.ofSeconds(60);
  int halfOpen = 3;
  int maxEjection = 50;

  static BreakerSpec count(int windowSize, int minimum) {
    BreakerSpec s = new BreakerSpec();
    s.windowSize = windowSize;
    s.minimum = minimum;
    return s;
  }

  static BreakerSpec time(Duration window, int minimum) {
    BreakerSpec s = new BreakerSpec();
    s.windowType = WindowType.TIME;
    s.window = window;
    s.minimum = minimum;
    return s;
  }

  BreakerSpec consecutive(int n) {
    consecutive = n;
    return this;
  }

  BreakerSpec slow(Duration duration, int ratePercent) {
    slowDuration = duration;
    slowRate = ratePercent;
    return this;
  }

  BreakerSpec open(Duration first, Duration max) {
    open = first;
    maxOpen = max;
    return this;
  }

  BreakerSpec halfOpen(int probes) {
    halfOpen = probes;
    return this;
  }

  BreakerSpec failureRate(int percent) {
    failureRate = percent;
    return this;
  }

  Breaker build() {
    return new Breaker(
        windowType,
        window,
        windowSize,
        failureRate,
        minimum,
        consecutive,
        slowRate,
        slowDuration,
        open,
        maxOpen,
        halfOpen,
        maxEjection);
  }

  @Override
  public String toString() {
    return windowType == WindowType.COUNT
        ? "count window of " + windowSize
        : "time window of " + window.toMillis() + "ms";
  }
}
