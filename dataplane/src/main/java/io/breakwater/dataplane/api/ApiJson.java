package io.breakwater.dataplane.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.breakwater.dataplane.config.ConfigError;
import io.breakwater.dataplane.web.WebResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON bodies of the API: values through one Jackson mapper, and errors in one shape, {@code
 * {"code": 409, "message": "…", "errors": [{"path": "…", "message": "…"}]}} ({@code errors} only
 * when there are paths to report).
 */
final class ApiJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private ApiJson() {}

  static WebResponse ok(Object value) {
    return json(HttpResponseStatus.OK, value);
  }

  static WebResponse json(HttpResponseStatus status, Object value) {
    try {
      return WebResponse.json(status, MAPPER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass(), e);
    }
  }

  static WebResponse error(HttpResponseStatus status, String message) {
    return error(status, message, List.of());
  }

  static WebResponse error(HttpResponseStatus status, String message, List<ConfigError> errors) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", status.code());
    body.put("message", message);
    if (!errors.isEmpty()) {
      body.put(
          "errors",
          errors.stream().map(e -> Map.of("path", e.path(), "message", e.message())).toList());
    }
    return json(status, body);
  }

  /** A version as an entity tag: {@code "3"}. */
  static String etag(long version) {
    return "\"" + version + "\"";
  }
}
