package io.breakwater.dataplane.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuditLineTest {

  @ParameterizedTest(name = "[{0}] is written as [{1}]")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "ok|ok",
        "127.0.0.1:80|127.0.0.1:80",
        "''|\"\"",
        "set server a/b weight 5|\"set server a/b weight 5\"",
        "a=b|\"a=b\"",
        "say \"hi\"|\"say \\\"hi\\\"\"",
        "back\\slash|\"back\\\\slash\"",
      })
  void aValueIsQuotedWhenItWouldNotReadBackAsOne(String value, String written) {
    StringBuilder sb = new StringBuilder();
    AuditLine.appendValue(sb, value);
    assertThat(sb).hasToString(written);
  }

  @Test
  void controlCharactersBecomeSpacesSoALineStaysOneLine() {
    assertThat(AuditLine.of("runtime").add("error", "a\nb\rc\td").toString())
        .isEqualTo("api=runtime error=\"a b c d\"");
  }

  @Test
  void aLongValueIsCut() {
    String line = AuditLine.of("rest").add("body", "x".repeat(5000)).toString();
    assertThat(line).hasSize("api=rest body=".length() + AuditLine.MAX_VALUE).endsWith("xxx...");
  }

  @Test
  void nullValuesAreLeftOut() {
    assertThat(AuditLine.of("runtime").add("user", null).add("outcome", "ok").toString())
        .isEqualTo("api=runtime outcome=ok");
  }

  @Test
  void tcpPeersAreIpAndPortWithIpv6InBrackets() throws Exception {
    assertThat(AuditLine.tcpPeer(new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 80)))
        .isEqualTo("tcp:10.1.2.3:80");
    assertThat(AuditLine.tcpPeer(new InetSocketAddress(InetAddress.getByName("::1"), 9999)))
        .isEqualTo("tcp:[0:0:0:0:0:0:0:1]:9999");
  }
}
