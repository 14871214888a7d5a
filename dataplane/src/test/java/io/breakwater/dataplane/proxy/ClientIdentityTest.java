package io.breakwater.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.policy.AddressSet;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who the client is, from the peer and (only from trusted peers) X-Forwarded-For/-Proto. */
class ClientIdentityTest {
  private static final AddressSet TRUSTED = AddressSet.of(List.of("10.0.0.0/8", "fd00::/8"));

  @ParameterizedTest(name = "peer {0}, XFF [{1}], XFP [{2}] -> {3} {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        "192.0.2.1 | 203.0.113.9          | https | 192.0.2.1   | http",
        "10.0.0.1  |                      |       | 10.0.0.1    | http",
        "10.0.0.1  | 203.0.113.9          | https | 203.0.113.9 | https",
        "10.0.0.1  | 6.6.6.6, 203.0.113.9, 10.1.1.1 | http | 203.0.113.9 | http",
        "10.0.0.1  | 10.2.2.2, 10.1.1.1   |       | 10.2.2.2    | http",
        "10.0.0.1  | junk, 203.0.113.9    |       | 203.0.113.9 | http",
        "10.0.0.1  | 203.0.113.9, junk    |       | 10.0.0.1    | http",
        "fd00::1   | '[2001:db8::5]'      | HTTPS, http | 2001:db8::5 | https",
      })
  void believesForwardedFieldsOnlyFromTrustedPeersWalkingFromTheRight(
      String peer, String xff, String xfp, String ip, String scheme) throws Exception {
    ClientIdentity c = new ClientIdentity();
    InetAddress a = InetAddress.getByName(peer);
    c.peer(a, a.getHostAddress());
    HttpHeaders h = new DefaultHttpHeaders();
    if (xff != null) {
      h.set("x-forwarded-for", xff);
    }
    if (xfp != null) {
      h.set("x-forwarded-proto", xfp);
    }
    c.resolve(h, TRUSTED, "http");
    assertThat(c.ip).isEqualTo(ip);
    assertThat(c.scheme).isEqualTo(scheme);
  }
}
