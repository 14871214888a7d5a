package io.breakwater.dataplane.echo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The {@code Sec-WebSocket-Accept} value a server returns for a client's key (RFC 6455 §4.2.2). */
final class WebSocketAccept {

  /** The GUID every WebSocket server appends to the client's key, RFC 6455 §1.3. */
  static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private WebSocketAccept() {}

  /** base64(SHA-1(key + GUID)); the key is used as sent, without trimming or decoding. */
  static String of(String key) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] digest = sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-1", e);
    }
  }
}
