package io.breakwater.dataplane.api;

import io.breakwater.dataplane.config.DataplaneApi;
import io.breakwater.dataplane.web.BasicAuth;
import io.breakwater.dataplane.web.Handler;
import io.breakwater.dataplane.web.WebRequest;
import io.breakwater.dataplane.web.WebResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Bearer-token authentication (RFC 6750). The token is the token file's content without surrounding
 * whitespace, read once at start. Tokens are compared as SHA-256 digests with {@link
 * MessageDigest#isEqual}, so timing reveals neither a matching prefix nor the length.
 */
final class BearerAuth {
  private final byte[] expected;

  private BearerAuth(byte[] expected) {
    this.expected = expected;
  }

  /**
   * The authentication the config asks for, or null for none (only allowed on loopback).
   *
   * @throws IllegalArgumentException without a token file on a non-loopback address, or when the
   *     file cannot be read or is empty
   */
  static BearerAuth of(DataplaneApi config) {
    if (config.tokenFile() == null) {
      if (!loopback(config.listen().host())) {
        throw new IllegalArgumentException(
            "dataplaneApi.tokenFile: missing (expected: a token file unless listen is a loopback"
                + " address; listen is "
                + config.listen().format()
                + ")");
      }
      return null;
    }
    String token;
    try {
      token = Files.readString(Path.of(config.tokenFile()), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "dataplaneApi.tokenFile: " + config.tokenFile() + " cannot be read: " + e, e);
    }
    if (token.isEmpty()) {
      throw new IllegalArgumentException(
          "dataplaneApi.tokenFile: " + config.tokenFile() + " is empty (expected: a token)");
    }
    return new BearerAuth(BasicAuth.sha256(token));
  }

  /** The handler, answering 401 unless the request carries the token. */
  Handler guard(Handler h) {
    return r -> accepts(r) ? h.handle(r) : challenge();
  }

  private boolean accepts(WebRequest r) {
    String h = r.header(HttpHeaderNames.AUTHORIZATION);
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(expected, BasicAuth.sha256(h.substring(7).strip()));
  }

  private static WebResponse challenge() {
    return ApiJson.error(HttpResponseStatus.UNAUTHORIZED, "a valid bearer token is required")
        .withHeader(HttpHeaderNames.WWW_AUTHENTICATE.toString(), "Bearer realm=\"breakwater\"");
  }

  static boolean loopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
