package io.breakwater.dataplane.echo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON description of a request, written straight into a buffer:
 *
 * <pre>{@code
 * {"server": "a", "method": "GET", "path": "/x", "query": "k=v", "host": "h", "protocol": "HTTP/1.1",
 *  "headers": {"accept": "*\/*", "x-twice": ["1", "2"]}, "remote": "127.0.0.1:5555",
 *  "bodyBytes": 0, "bodyCrc32": 0}
 * }</pre>
 *
 * Path and query are raw (not percent-decoded) so tests can check what a proxy forwarded byte for
 * byte; {@code query} is empty without a query and {@code host} is null without a Host header.
 */
final class EchoJson {
  private static final JsonFactory JSON = new JsonFactory();

  private EchoJson() {}

  static ByteBuf write(
      ByteBufAllocator alloc,
      String server,
      HttpRequest request,
      SocketAddress remote,
      BodyDigest body) {
    ByteBuf buf = alloc.buffer(512);
    // The cast picks the OutputStream overload: ByteBufOutputStream is also a DataOutput.
    try (JsonGenerator json = JSON.createGenerator((OutputStream) new ByteBufOutputStream(buf))) {
      String uri = request.uri();
      int q = uri.indexOf('?');
      json.writeStartObject();
      json.writeStringField("server", server);
      json.writeStringField("method", request.method().name());
      json.writeStringField("path", q < 0 ? uri : uri.substring(0, q));
      json.writeStringField("query", q < 0 ? "" : uri.substring(q + 1));
      json.writeStringField("host", request.headers().get(HttpHeaderNames.HOST));
      json.writeStringField("protocol", request.protocolVersion().text());
      json.writeObjectFieldStart("headers");
      for (Map.Entry<String, List<String>> header : headersByName(request).entrySet()) {
        List<String> values = header.getValue();
        if (values.size() == 1) {
          json.writeStringField(header.getKey(), values.get(0));
        } else {
          json.writeArrayFieldStart(header.getKey());
          for (String value : values) {
            json.writeString(value);
          }
          json.writeEndArray();
        }
      }
      json.writeEndObject();
      json.writeStringField("remote", address(remote));
      json.writeNumberField("bodyBytes", body.bytes());
      json.writeNumberField("bodyCrc32", body.crc32());
      json.writeEndObject();
      json.writeRaw('\n');
    } catch (IOException e) {
      buf.release();
      throw new UncheckedIOException("writing JSON into memory cannot fail", e);
    }
    return buf;
  }

  /** Header values grouped by lower-case name, names and values in the order they arrived. */
  private static Map<String, List<String>> headersByName(HttpRequest request) {
    Map<String, List<String>> byName = new LinkedHashMap<>();
    for (Map.Entry<String, String> header : request.headers()) {
      byName
          .computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
          .add(header.getValue());
    }
    return byName;
  }

  /** {@code ip:port}, with the IPv6 address in brackets. */
  static String address(SocketAddress address) {
    if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
      String ip = inet.getAddress().getHostAddress();
      return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + inet.getPort();
    }
    return String.valueOf(address);
  }
}
