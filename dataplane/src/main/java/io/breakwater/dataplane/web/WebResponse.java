package io.breakwater.dataplane.web;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A whole response: status, content type, body and extra headers. Immutable; {@link #withHeader}
 * returns a copy.
 */
public record WebResponse(
    HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers) {

  public static final String TEXT = "text/plain; charset=utf-8";
  public static final String HTML = "text/html; charset=utf-8";
  public static final String JSON = "application/json";

  public WebResponse {
    headers = Map.copyOf(headers);
  }

  public static WebResponse of(HttpResponseStatus status, String contentType, byte[] body) {
    return new WebResponse(status, contentType, body, Map.of());
  }

  /** A short text answer; a newline is added. */
  public static WebResponse text(HttpResponseStatus status, String text) {
    return of(status, TEXT, (text + "\n").getBytes(StandardCharsets.UTF_8));
  }

  public static WebResponse html(String html) {
    return of(HttpResponseStatus.OK, HTML, html.getBytes(StandardCharsets.UTF_8));
  }

  public static WebResponse json(HttpResponseStatus status, String json) {
    return of(status, JSON, json.getBytes(StandardCharsets.UTF_8));
  }

  /** This response with one more header (replacing one of the same name). */
  public WebResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new WebResponse(status, contentType, body, h);
  }
}
