package io.breakwater.dataplane.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters common to frontends, backends and servers: requests, responses by status class, bytes.
 * Errors the proxy generates itself are counted by kind in {@link #errors(ProxyErrorKind)}.
 */
public class TrafficStats {
  private final LongAdder requests = new LongAdder();
  private final RateCounter requestRate = new RateCounter();
  private final LongAdder bytesIn = new LongAdder();
  private final LongAdder bytesOut = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder redispatches = new LongAdder();
  private final LongAdder faultDelays = new LongAdder();
  private final LongAdder faultAborts = new LongAdder();
  private final LongAdder[] responses = newAdders(StatusClass.values().length);
  private final LongAdder[] errors = newAdders(ProxyErrorKind.values().length);

  private static LongAdder[] newAdders(int n) {
    LongAdder[] a = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  public void request() {
    requests.increment();
    requestRate.increment();
  }

  /** Requests per second (last complete second) and its maximum. */
  public RateCounter requestRate() {
    return requestRate;
  }

  public void response(int status) {
    responses[StatusClass.of(status).ordinal()].increment();
  }

  public void error(ProxyErrorKind kind) {
    errors[kind.ordinal()].increment();
  }

  /** A retry (HAProxy's {@code wretr}). */
  public void retry() {
    retries.increment();
  }

  /** A retry moved to another server (HAProxy's {@code wredis}, counted on the server left). */
  public void redispatch() {
    redispatches.increment();
  }

  public void faultDelay() {
    faultDelays.increment();
  }

  public void faultAbort() {
    faultAborts.increment();
  }

  public long faultDelays() {
    return faultDelays.sum();
  }

  public long faultAborts() {
    return faultAborts.sum();
  }

  public long retries() {
    return retries.sum();
  }

  public long redispatches() {
    return redispatches.sum();
  }

  public void bytesIn(long n) {
    bytesIn.add(n);
  }

  public void bytesOut(long n) {
    bytesOut.add(n);
  }

  public long requests() {
    return requests.sum();
  }

  public long responses(StatusClass c) {
    return responses[c.ordinal()].sum();
  }

  public long errors(ProxyErrorKind kind) {
    return errors[kind.ordinal()].sum();
  }

  public long bytesIn() {
    return bytesIn.sum();
  }

  public long bytesOut() {
    return bytesOut.sum();
  }

  /** Resets every counter (Runtime API {@code clear counters}). */
  public void clear() {
    requests.reset();
    requestRate.clear();
    retries.reset();
    redispatches.reset();
    faultDelays.reset();
    faultAborts.reset();
    bytesIn.reset();
    bytesOut.reset();
    for (LongAdder a : responses) {
      a.reset();
    }
    for (LongAdder a : errors) {
      a.reset();
    }
  }
}
