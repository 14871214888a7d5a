package io.breakwater.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** --runtime-api: Unix socket paths and host:port. */
class RuntimeApiAddressTest {
  @Test
  void aPathOrANameWithoutColonIsAUnixSocket() {
    assertThat(RuntimeApiAddress.client("/run/breakwater/runtime.sock").target())
        .isEqualTo("unix socket /run/breakwater/runtime.sock");
    assertThat(RuntimeApiAddress.client("runtime.sock").target())
        .isEqualTo("unix socket runtime.sock");
  }

  @Test
  void hostAndPortIsTcp() {
    assertThat(RuntimeApiAddress.client("127.0.0.1:9999").target()).isEqualTo("tcp 127.0.0.1:9999");
    assertThat(RuntimeApiAddress.client("[::1]:9999").target()).isEqualTo("tcp [::1]:9999");
  }

  @Test
  void aBadPortIsAClearError() {
    assertThatThrownBy(() -> RuntimeApiAddress.client("localhost:http"))
        .hasMessage("--runtime-api: 'localhost:http' (expected: a Unix socket path or host:port)");
    assertThatThrownBy(() -> RuntimeApiAddress.client("localhost:70000"))
        .hasMessageStartingWith("--runtime-api: port: 70000");
  }
}
