package io.breakwater.dataplane.policy;

/**
 * The values header templates may use, for the exchange under way. One instance per client
 * connection, refilled for each request, so rendering a template allocates only its result.
 */
public final class ExchangeVars {
  /** The client's address as text (from the PROXY protocol or trusted X-Forwarded-For). */
  public String clientIp = "";

  /** The request's id, or {@code ""} when the frontend neither received nor generated one. */
  public String requestId = "";

  /** The request's Host header as received, or null; {@link #host()} strips the port on demand. */
  private String hostHeader;

  private String host;

  /** {@code http} or {@code https}, as the client used. */
  public String scheme = "http";

  /** The request's {@code Origin}, when CORS needs it for the response; else null. */
  public String origin;

  /** Sets the request's Host header (or null); its host part is computed only if used. */
  public void hostHeader(String h) {
    hostHeader = h;
    host = null;
  }

  /** The request's host without port, or {@code ""}. */
  public String host() {
    String h = host;
    if (h == null) {
      h = HostHeader.host(hostHeader);
      host = h;
    }
    return h;
  }
}
