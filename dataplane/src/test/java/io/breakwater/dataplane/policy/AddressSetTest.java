package io.breakwater.dataplane.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressSetTest {
  private static final AddressSet SET =
      AddressSet.of(List.of("10.0.0.0/8", "192.0.2.7", "fd00::/8", "2001:db8::1"));

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "10.1.2.3, true",
    "11.0.0.1, false",
    "192.0.2.7, true",
    "192.0.2.8, false",
    "fd12:3456::1, true",
    "fe80::1, false",
    "2001:db8::1, true",
    "2001:db8::2, false",
    "::ffff:10.9.9.9, true",
  })
  void matchesIpv4AndIpv6RangesAndSingleAddresses(String address, boolean expected)
      throws Exception {
    long[] bits = new long[2];
    AddressSet.bits(InetAddress.getByName(address), bits);
    assertThat(SET.contains(bits)).isEqualTo(expected);
  }
}
