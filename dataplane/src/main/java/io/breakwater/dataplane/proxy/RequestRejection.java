package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.stats.ProxyErrorKind;

/**
 * Why a request that Netty's decoder accepted is refused by the proxy's own checks ({@link
 * RequestChecks}, {@link Http1ServerCodec}). It travels as the cause of the request's failed {@code
 * DecoderResult}, so the frontend answers it on the same path as a decoding error. Stackless: it is
 * a verdict on input, not a bug, and hostile clients can make many.
 */
final class RequestRejection extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient ProxyErrorKind kind;

  RequestRejection(ProxyErrorKind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  RequestRejection(String message) {
    this(ProxyErrorKind.BAD_REQUEST, message);
  }

  /** The answer the client gets. */
  ProxyErrorKind kind() {
    return kind;
  }
}
