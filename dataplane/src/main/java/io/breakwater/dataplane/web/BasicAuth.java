package io.breakwater.dataplane.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/**
 * HTTP Basic authentication against one user (RFC 7617). Credentials are compared as SHA-256
 * digests with {@link MessageDigest#isEqual}, so the time taken tells neither the position of the
 * first wrong byte nor the length of the secret.
 */
public final class BasicAuth {
  private final String realm;
  private final byte[] expected;

  public BasicAuth(String realm, String user, String password) {
    this.realm = Objects.requireNonNull(realm, "realm");
    this.expected = sha256(user + ":" + Objects.requireNonNull(password, "password"));
  }

  /** Whether the request carries this user's credentials. */
  public boolean accepts(WebRequest request) {
    String h = request.header(HttpHeaderNames.AUTHORIZATION);
    if (h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String decoded;
    try {
      decoded =
          new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(expected, sha256(decoded));
  }

  /** The 401 that asks a browser for credentials. */
  public WebResponse challenge() {
    return WebResponse.text(HttpResponseStatus.UNAUTHORIZED, "401 authentication required")
        .withHeader(
            HttpHeaderNames.WWW_AUTHENTICATE.toString(),
            "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
  }

  /** SHA-256 of the text's UTF-8 bytes, for constant-time comparison of secrets. */
  public static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
