package io.breakwater.dataplane.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorCaptureTest {

  @Test
  void keepsTheLastSixteenOldestFirstWithRunningEventNumbers() {
    ErrorCapture c = new ErrorCapture();
    assertThat(c.recent()).isEmpty();
    for (int i = 1; i <= 20; i++) {
      c.record(
          i, "http", "127.0.0.1:1", false, null, null, ProxyErrorKind.BAD_REQUEST, "r" + i, null);
    }
    assertThat(c.recent()).hasSize(ErrorCapture.CAPACITY);
    assertThat(c.recent().get(0).event()).isEqualTo(5);
    assertThat(c.recent().get(0).reason()).isEqualTo("r5");
    assertThat(c.recent().get(15).event()).isEqualTo(20);
  }
}
