package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.config.Observe;
import io.breakwater.dataplane.config.Retries;
import io.breakwater.dataplane.config.StatusRange;
import io.breakwater.dataplane.resilience.AttemptFacts;
import io.breakwater.dataplane.resilience.Backoff;
import io.breakwater.dataplane.resilience.CircuitBreaker;
import io.breakwater.dataplane.resilience.RetryBudget;
import io.breakwater.dataplane.resilience.RetryDecision;
import io.breakwater.dataplane.resilience.RetryRules;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The bookkeeping of one exchange's attempts: the retry count and the server to avoid, the replay
 * buffer, and the permits taken from breakers (the backend's for the whole request, a server's
 * outlier breaker per attempt) with the outcomes they are owed. The frontend handler carries out
 * what this decides; everything here runs on the connection's event loop.
 */
final class Attempts {
  final ReplayBuffer replay = new ReplayBuffer();
  private Retries policy = Retries.DEFAULT;
  private int retries;
  private boolean requestSent;
  private ServerState avoid;
  private long attemptStart;
  private boolean attemptOpen;
  private CircuitBreaker outlierPermit;
  private CircuitBreaker backendPermit;
  private long callStart;
  private boolean retryInFlight;

  /**
   * A new exchange: fresh count, and a replay buffer only when the policy can use it, or when the
   * request goes to an HTTP/2 server ({@code http2}), which may refuse a stream unprocessed: then
   * the body is held up to the policy's {@code bufferLimit} so the refused stream can be sent
   * again.
   */
  void start(Retries retryPolicy, boolean bodyless, long contentLength, boolean http2) {
    policy = retryPolicy;
    retries = 0;
    requestSent = false;
    avoid = null;
    boolean fits = bodyless || (contentLength >= 0 && contentLength <= policy.bufferLimit());
    // Holding the body costs memory and copies: only when the policy can retry after sending.
    // (Counted, not streamed: this runs for every request.)
    Set<Retries.On> on = policy.on();
    boolean afterSend =
        !policy.statuses().isEmpty() || on.size() > (on.contains(Retries.On.CONN_FAILURE) ? 1 : 0);
    replay.reset(
        policy.attempts() > 0 && ((afterSend && fits) || (http2 && !bodyless)),
        policy.bufferLimit());
  }

  Retries policy() {
    return policy;
  }

  int retries() {
    return retries;
  }

  /** The server a redispatched retry moves away from, or null. */
  ServerState avoid() {
    return avoid;
  }

  /** When the current attempt's request went out (ticker nanos). */
  long attemptStart() {
    return attemptStart;
  }

  /** The request head is going out on a connection: an attempt begins. */
  void sent(long now) {
    requestSent = true;
    attemptOpen = true;
    attemptStart = now;
  }

  // ---- breaker permits ----

  /** Takes the backend breaker's permit for the request; false when the breaker refuses. */
  boolean acquireBackendCall(CircuitBreaker breaker, long now) {
    if (breaker == null || backendPermit != null) {
      return true;
    }
    if (!breaker.tryAcquire()) {
      return false;
    }
    backendPermit = breaker;
    callStart = now;
    return true;
  }

  /** The request ended for the backend's breaker: a failure, a success, or neither (released). */
  void finishBackendCall(Boolean failure, long now) {
    CircuitBreaker b = backendPermit;
    if (b == null) {
      return;
    }
    backendPermit = null;
    if (failure == null) {
      b.release();
    } else if (failure) {
      b.onFailure(now - callStart);
    } else {
      b.onSuccess(now - callStart);
    }
  }

  void takeOutlierPermit(ServerState s) {
    CircuitBreaker b = s.outlier();
    outlierPermit = b != null && b.tryAcquire() ? b : null;
  }

  /** The attempt ended without an outcome for the breaker (client gone, request refused). */
  void releaseAttempt() {
    attemptOpen = false;
    if (outlierPermit != null) {
      outlierPermit.release();
      outlierPermit = null;
    }
  }

  /**
   * Reports how the current attempt ended to the server's passive observation and outlier breaker.
   * A failure without a status ({@code status} 0: connect failure, timeout, invalid or no response)
   * always counts against the server; a status counts as the policy says (observation: its {@code
   * errorStatuses}; outlier detection: 5xx except 501 and 505). {@code why} may be null for a
   * response, described from its status only when it counts as an error.
   */
  void record(ServerState s, Observe observe, int status, String why, long now) {
    if (s == null || !attemptOpen) {
      return;
    }
    attemptOpen = false;
    boolean observedError =
        status == 0
            || (observe != null && StatusRange.anyContains(observe.errorStatuses(), status));
    if (observedError) {
      s.resilience().onLiveError(why != null ? why : "HTTP status " + status);
    } else {
      s.resilience().onLiveSuccess();
    }
    CircuitBreaker outlier = outlierPermit;
    if (outlier != null) {
      outlierPermit = null;
      long took = now - attemptStart;
      if (status == 0 || StatusRange.anyContains(StatusRange.SERVER_ERRORS, status)) {
        outlier.onFailure(took);
      } else {
        outlier.onSuccess(took);
      }
    }
  }

  // ---- retries ----

  /**
   * The retry rules applied to the failed attempt ({@code kind} null: a response with {@code
   * status}).
   */
  RetryDecision decide(
      Retries.On kind,
      int status,
      boolean responseStarted,
      boolean requestComplete,
      boolean bodyless,
      String method,
      boolean otherServer,
      RetryBudget budget) {
    AttemptFacts.Body body =
        bodyless
            ? AttemptFacts.Body.NONE
            : !requestSent || (requestComplete && replay.intact())
                ? AttemptFacts.Body.HELD
                : AttemptFacts.Body.NOT_HELD;
    AttemptFacts facts =
        new AttemptFacts(
            failureOf(kind),
            status,
            requestSent,
            responseStarted,
            body,
            RetryRules.idempotent(method),
            retries,
            otherServer);
    return RetryRules.decide(facts, policy, budget);
  }

  /** Counts this exchange among the backend's retries in flight, within {@code max} (0 = any). */
  boolean startRetryInFlight(BackendState backend, int max) {
    if (retryInFlight) {
      return true;
    }
    retryInFlight = backend.tryStartRetry(max);
    return retryInFlight;
  }

  void endRetryInFlight(BackendState backend) {
    if (retryInFlight) {
      retryInFlight = false;
      backend.endRetry();
    }
  }

  /** A retry is scheduled; returns its backoff. */
  long retrying(ServerState failed, boolean redispatch, RandomGenerator random) {
    retries++;
    avoid = redispatch ? failed : null;
    requestSent = false;
    return Backoff.delayNanos(retries, policy.backoff(), random);
  }

  static AttemptFacts.Failure failureOf(Retries.On kind) {
    if (kind == null) {
      return AttemptFacts.Failure.STATUS;
    }
    return switch (kind) {
      case CONN_FAILURE -> AttemptFacts.Failure.CONNECT_FAILED;
      case EMPTY_RESPONSE -> AttemptFacts.Failure.EMPTY_RESPONSE;
      case JUNK_RESPONSE -> AttemptFacts.Failure.JUNK_RESPONSE;
      case RESPONSE_TIMEOUT -> AttemptFacts.Failure.RESPONSE_TIMEOUT;
    };
  }

  static String describe(Retries.On kind, int status) {
    if (kind == null) {
      return "HTTP status " + status;
    }
    return switch (kind) {
      case CONN_FAILURE -> "connection failed";
      case EMPTY_RESPONSE -> "closed without a response";
      case JUNK_RESPONSE -> "invalid response";
      case RESPONSE_TIMEOUT -> "response timeout";
    };
  }
}
