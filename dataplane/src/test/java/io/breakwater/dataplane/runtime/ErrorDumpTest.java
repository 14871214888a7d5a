package io.breakwater.dataplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.stats.CapturedBytes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorDumpTest {

  private static String dump(String bytes, long start, long length, long errorAt) {
    StringBuilder sb = new StringBuilder();
    ErrorDump.append(
        sb, new CapturedBytes(bytes.getBytes(StandardCharsets.ISO_8859_1), start, length, errorAt));
    return sb.toString();
  }

  @Test
  void linesCarryTheOffsetOfTheirFirstByteAndEscapes() {
    assertThat(dump("GET / HTTP/1.1\r\nX: a\u0001\\\t\r\n", 0, 25, 20))
        .isEqualTo(
            "  len 25, error at position 20\n"
                + "  00000  GET / HTTP/1.1\\r\\n\n"
                + "  00016  X: a\\x01\\\\\\t\\r\\n\n");
  }

  @Test
  void longLinesWrapWithAPlusAfterTheOffset() {
    String line = "X: " + "a".repeat(100) + "\r\n";
    String out = dump(line, 0, line.length(), -1);
    assertThat(out.lines())
        .containsExactly(
            "  len 105, no invalid byte (refused for its meaning)",
            "  00000  X: " + "a".repeat(69),
            "  00072+ " + "a".repeat(31) + "\\r\\n");
  }

  @Test
  void aPartialCaptureSaysWhichBytesItKept() {
    assertThat(dump("Host: b\r\n", 20, 40, 20).lines().findFirst().orElseThrow())
        .isEqualTo("  len 40, error at position 20, bytes 20-28 kept");
    assertThat(dump("Host: b\r\n", 20, 40, 20)).contains("  00020  Host: b\\r\\n\n");
  }
}
