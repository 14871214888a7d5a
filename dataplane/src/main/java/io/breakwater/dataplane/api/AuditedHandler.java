package io.breakwater.dataplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.audit.AuditLine;
import io.breakwater.dataplane.web.Handler;
import io.breakwater.dataplane.web.WebRequest;
import io.breakwater.dataplane.web.WebResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes the audit line of a state-changing request around its handler, requests refused for their
 * token included (the handler it wraps is the guarded one). Whether a token came is logged, never
 * the token; a body is logged by its size unless the route's bodies are small and safe to show.
 */
final class AuditedHandler implements Handler {
  private final Dataplane dp;
  private final Handler handler;
  private final boolean showBody;

  private AuditedHandler(Dataplane dp, Handler handler, boolean showBody) {
    this.dp = dp;
    this.handler = handler;
    this.showBody = showBody;
  }

  /** {@code handler}, audited; the body only by its size. */
  static Handler of(Dataplane dp, Handler handler) {
    return new AuditedHandler(dp, handler, false);
  }

  /** {@code handler}, audited with its body shown (a few keys such as a server's state). */
  static Handler showingBody(Dataplane dp, Handler handler) {
    return new AuditedHandler(dp, handler, true);
  }

  @Override
  public WebResponse handle(WebRequest r) throws Exception {
    if (!AuditLine.enabled()) {
      return handler.handle(r);
    }
    WebResponse response;
    try {
      response = handler.handle(r);
    } catch (Exception | Error e) {
      // The router answers 500; the line says so before the exception goes on.
      line(r)
          .add("outcome", "error")
          .add("status", 500)
          .add("error", e.toString())
          .add("version", dp.version())
          .log();
      throw e;
    }
    AuditLine line = line(r);
    int status = response.status().code();
    if (status < 400) {
      line.add("outcome", "ok").add("status", status);
    } else {
      line.add("outcome", "error").add("status", status).add("error", errorOf(response));
    }
    line.add("version", dp.version()).log();
    return response;
  }

  private AuditLine line(WebRequest r) {
    String auth = r.header(HttpHeaderNames.AUTHORIZATION);
    AuditLine line =
        AuditLine.of("rest")
            .add("peer", AuditLine.tcpPeer(r.remote()))
            .add(
                "token",
                auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? "yes" : "no")
            .add("cmd", r.method().name() + " " + r.path() + query(r.query()));
    if (showBody) {
      line.add("body", new String(r.body(), StandardCharsets.UTF_8));
    } else {
      line.add("body_bytes", r.body().length);
    }
    return line;
  }

  private static String query(Map<String, List<String>> query) {
    if (query.isEmpty()) {
      return "";
    }
    return query.entrySet().stream()
        .flatMap(e -> e.getValue().stream().map(v -> e.getKey() + "=" + v))
        .collect(Collectors.joining("&", "?", ""));
  }

  /** The error body's message and each {@code path: message}, or the text of another body. */
  private static String errorOf(WebResponse response) {
    String body = new String(response.body(), StandardCharsets.UTF_8);
    if (!WebResponse.JSON.equals(response.contentType())) {
      return body.strip();
    }
    try {
      JsonNode tree = ApiJson.MAPPER.readTree(body);
      StringBuilder sb = new StringBuilder(tree.path("message").asText());
      for (JsonNode e : tree.path("errors")) {
        sb.append("; ").append(e.path("path").asText()).append(": ");
        sb.append(e.path("message").asText());
      }
      return sb.toString();
    } catch (IOException e) {
      return body.strip();
    }
  }
}
