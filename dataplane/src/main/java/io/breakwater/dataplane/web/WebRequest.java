package io.breakwater.dataplane.web;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A whole request as a handler sees it.
 *
 * @param method the method ({@code HEAD} is routed as {@code GET})
 * @param path the raw path, still percent-encoded
 * @param pathParams the values of the route's {@code {name}} segments, decoded
 * @param query the query parameters, decoded
 * @param headers the request headers
 * @param body the body bytes (empty without one)
 * @param remote the client's address
 */
public record WebRequest(
    HttpMethod method,
    String path,
    Map<String, String> pathParams,
    Map<String, List<String>> query,
    HttpHeaders headers,
    byte[] body,
    SocketAddress remote) {

  /** A header's value, or null. */
  public String header(CharSequence name) {
    return headers.get(name);
  }

  /** A path parameter's value, or null. */
  public String param(String name) {
    return pathParams.get(name);
  }

  /** The first value of a query parameter, or null. */
  public String query(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
