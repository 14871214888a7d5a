package io.breakwater.controller.translate.annotation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry: every {@code breakwater.io/} annotation, in the order the reference lists them.
 * Translation knows annotations only through this list, and {@code docs/annotations.md} is
 * generated from it.
 */
public final class Annotations {

  public static final LoadBalanceAnnotation LOAD_BALANCE = LoadBalanceAnnotation.INSTANCE;
  public static final TimeoutConnectAnnotation TIMEOUT_CONNECT = TimeoutConnectAnnotation.INSTANCE;
  public static final TimeoutServerAnnotation TIMEOUT_SERVER = TimeoutServerAnnotation.INSTANCE;
  public static final TimeoutQueueAnnotation TIMEOUT_QUEUE = TimeoutQueueAnnotation.INSTANCE;
  public static final TimeoutTunnelAnnotation TIMEOUT_TUNNEL = TimeoutTunnelAnnotation.INSTANCE;
  public static final TimeoutClientAnnotation TIMEOUT_CLIENT = TimeoutClientAnnotation.INSTANCE;
  public static final HealthCheckAnnotation HEALTH_CHECK = HealthCheckAnnotation.INSTANCE;
  public static final HealthCheckPathAnnotation HEALTH_CHECK_PATH =
      HealthCheckPathAnnotation.INSTANCE;
  public static final HealthCheckIntervalAnnotation HEALTH_CHECK_INTERVAL =
      HealthCheckIntervalAnnotation.INSTANCE;
  public static final HealthCheckRiseAnnotation HEALTH_CHECK_RISE =
      HealthCheckRiseAnnotation.INSTANCE;
  public static final HealthCheckFallAnnotation HEALTH_CHECK_FALL =
      HealthCheckFallAnnotation.INSTANCE;
  public static final HealthCheckExpectStatusAnnotation HEALTH_CHECK_EXPECT_STATUS =
      HealthCheckExpectStatusAnnotation.INSTANCE;
  public static final RetriesAnnotation RETRIES = RetriesAnnotation.INSTANCE;
  public static final RetryOnAnnotation RETRY_ON = RetryOnAnnotation.INSTANCE;
  public static final RetryPerTryTimeoutAnnotation RETRY_PER_TRY_TIMEOUT =
      RetryPerTryTimeoutAnnotation.INSTANCE;
  public static final RetryPolicyAnnotation RETRY_POLICY = RetryPolicyAnnotation.INSTANCE;
  public static final CircuitBreakerAnnotation CIRCUIT_BREAKER = CircuitBreakerAnnotation.INSTANCE;
  public static final ServerMaxconnAnnotation SERVER_MAXCONN = ServerMaxconnAnnotation.INSTANCE;
  public static final MaxBodySizeAnnotation MAX_BODY_SIZE = MaxBodySizeAnnotation.INSTANCE;
  public static final SlowstartAnnotation SLOWSTART = SlowstartAnnotation.INSTANCE;
  public static final FaultDelayAnnotation FAULT_DELAY = FaultDelayAnnotation.INSTANCE;
  public static final FaultAbortAnnotation FAULT_ABORT = FaultAbortAnnotation.INSTANCE;
  public static final BackendProtocolAnnotation BACKEND_PROTOCOL =
      BackendProtocolAnnotation.INSTANCE;
  public static final SslRedirectAnnotation SSL_REDIRECT = SslRedirectAnnotation.INSTANCE;
  public static final HstsAnnotation HSTS = HstsAnnotation.INSTANCE;
  public static final RewriteTargetAnnotation REWRITE_TARGET = RewriteTargetAnnotation.INSTANCE;
  public static final RequestSetHeaderAnnotation REQUEST_SET_HEADER =
      RequestSetHeaderAnnotation.INSTANCE;
  public static final ResponseSetHeaderAnnotation RESPONSE_SET_HEADER =
      ResponseSetHeaderAnnotation.INSTANCE;
  public static final AllowListAnnotation ALLOW_LIST = AllowListAnnotation.INSTANCE;
  public static final DenyListAnnotation DENY_LIST = DenyListAnnotation.INSTANCE;
  public static final RateLimitRpsAnnotation RATE_LIMIT_RPS = RateLimitRpsAnnotation.INSTANCE;
  public static final CanaryAnnotation CANARY = CanaryAnnotation.INSTANCE;
  public static final CanaryWeightAnnotation CANARY_WEIGHT = CanaryWeightAnnotation.INSTANCE;
  public static final CanaryWeightTotalAnnotation CANARY_WEIGHT_TOTAL =
      CanaryWeightTotalAnnotation.INSTANCE;
  public static final CanaryByHeaderAnnotation CANARY_BY_HEADER = CanaryByHeaderAnnotation.INSTANCE;
  public static final CanaryByHeaderValueAnnotation CANARY_BY_HEADER_VALUE =
      CanaryByHeaderValueAnnotation.INSTANCE;
  public static final CanaryByCookieAnnotation CANARY_BY_COOKIE = CanaryByCookieAnnotation.INSTANCE;

  /** Every annotation, in reference order. */
  public static final List<Annotation<?>> ALL =
      List.of(
          LOAD_BALANCE,
          TIMEOUT_CONNECT,
          TIMEOUT_SERVER,
          TIMEOUT_QUEUE,
          TIMEOUT_TUNNEL,
          TIMEOUT_CLIENT,
          HEALTH_CHECK,
          HEALTH_CHECK_PATH,
          HEALTH_CHECK_INTERVAL,
          HEALTH_CHECK_RISE,
          HEALTH_CHECK_FALL,
          HEALTH_CHECK_EXPECT_STATUS,
          RETRIES,
          RETRY_ON,
          RETRY_PER_TRY_TIMEOUT,
          RETRY_POLICY,
          CIRCUIT_BREAKER,
          SERVER_MAXCONN,
          MAX_BODY_SIZE,
          SLOWSTART,
          FAULT_DELAY,
          FAULT_ABORT,
          BACKEND_PROTOCOL,
          SSL_REDIRECT,
          HSTS,
          REWRITE_TARGET,
          REQUEST_SET_HEADER,
          RESPONSE_SET_HEADER,
          ALLOW_LIST,
          DENY_LIST,
          RATE_LIMIT_RPS,
          CANARY,
          CANARY_WEIGHT,
          CANARY_WEIGHT_TOTAL,
          CANARY_BY_HEADER,
          CANARY_BY_HEADER_VALUE,
          CANARY_BY_COOKIE);

  private static final Map<String, Annotation<?>> BY_KEY = byKey();

  private Annotations() {}

  /** The annotation with this full key, or {@code null}. */
  public static Annotation<?> byKey(String key) {
    return BY_KEY.get(key);
  }

  /** The full keys, in reference order. */
  public static List<String> keys() {
    return List.copyOf(BY_KEY.keySet());
  }

  private static Map<String, Annotation<?>> byKey() {
    Map<String, Annotation<?>> m = new LinkedHashMap<>();
    for (Annotation<?> a : ALL) {
      if (m.put(a.key(), a) != null) {
        throw new IllegalStateException("two annotations with key " + a.key());
      }
    }
    return m;
  }
}
