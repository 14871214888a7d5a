package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.config.Cidr;
import io.breakwater.dataplane.policy.AddressSet;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;

/**
 * Who the client of a connection's current request is. The peer is the socket's remote address, or
 * the source the PROXY protocol header named. When the peer is a trusted proxy, the request's
 * {@code X-Forwarded-For} is walked from the right, skipping trusted proxies, and the first address
 * that is not one is the client; {@code X-Forwarded-Proto} gives the scheme. From anyone else these
 * fields are not believed. One instance per connection; resolving allocates nothing for IPv4.
 */
final class ClientIdentity {
  private final long[] peerBits = new long[2];
  private String peerIp = "unknown";
  private boolean peerKnown;

  /** The request's client as 128 bits ({@link AddressSet#bits}). */
  final long[] bits = new long[2];

  private final long[] hop = new long[2];

  /** The request's client as text. */
  String ip = "unknown";

  /**
   * The request's scheme: the connection's ({@code https} behind TLS), or {@code https} when a
   * trusted proxy says so.
   */
  String scheme = "http";

  /** The peer {@code a}, whose text form {@code ip} is known already. */
  void peer(InetAddress a, String ip) {
    AddressSet.bits(a, peerBits);
    peerIp = ip;
    peerKnown = true;
    bits[0] = peerBits[0];
    bits[1] = peerBits[1];
    ip = peerIp;
  }

  String peerIp() {
    return peerIp;
  }

  /**
   * Resolves the client of a request with headers {@code h}; {@code trusted} may be null; {@code
   * connectionScheme} is the scheme the request arrived with.
   */
  void resolve(HttpHeaders h, AddressSet trusted, String connectionScheme) {
    bits[0] = peerBits[0];
    bits[1] = peerBits[1];
    ip = peerIp;
    scheme = connectionScheme;
    if (trusted == null || !peerKnown || !trusted.contains(peerBits)) {
      return;
    }
    String proto = h.get(HeaderRules.X_FORWARDED_PROTO);
    if (proto != null) {
      int comma = proto.indexOf(',');
      String first = (comma < 0 ? proto : proto.substring(0, comma)).trim();
      if (first.equalsIgnoreCase("https")) {
        scheme = "https";
      }
    }
    String xff = h.get(HeaderRules.X_FORWARDED_FOR);
    if (xff == null) {
      return;
    }
    int end = xff.length();
    while (end > 0) {
      int comma = xff.lastIndexOf(',', end - 1);
      int from = comma + 1;
      int to = end;
      while (from < to && xff.charAt(from) == ' ') {
        from++;
      }
      while (to > from && xff.charAt(to - 1) == ' ') {
        to--;
      }
      if (to - from > 2 && xff.charAt(from) == '[' && xff.charAt(to - 1) == ']') {
        from++;
        to--;
      }
      if (!Cidr.parseAddress(xff, from, to, hop)) {
        return; // garbage: the last hop believed stays the client
      }
      bits[0] = hop[0];
      bits[1] = hop[1];
      ip = xff.substring(from, to);
      if (!trusted.contains(hop)) {
        return;
      }
      end = comma < 0 ? 0 : comma;
    }
  }
}
