package io.breakwater.dataplane.echo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebSocketAcceptTest {

  @Test
  void matchesTheExampleOfRfc6455() {
    // RFC 6455 §1.3: the key "dGhlIHNhbXBsZSBub25jZQ==" yields "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=".
    assertThat(WebSocketAccept.of("dGhlIHNhbXBsZSBub25jZQ=="))
        .isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  }
}
