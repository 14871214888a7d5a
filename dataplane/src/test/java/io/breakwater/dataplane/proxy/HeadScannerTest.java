package io.breakwater.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeadScannerTest {

  /** {@code ^} in the message marks the byte that must be found; it is removed before scanning. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "no colon            | GET / HTTP/1.1\\r\\nHost: a\\r\\nno^ colon\\r\\n\\r\\n | ",
        "space before colon  | GET / HTTP/1.1\\r\\nHost: a\\r\\nX-A^ : 1\\r\\n\\r\\n | ",
        "obs-fold            | GET / HTTP/1.1\\r\\nHost: a\\r\\nX: 1\\r\\n^ more\\r\\n\\r\\n | ",
        "bare LF in a field  | GET / HTTP/1.1\\r\\nHost: a^\\nX: 1\\r\\n\\r\\n | ",
        "control in a value  | GET / HTTP/1.1\\r\\nHost: a\\r\\nX: a^\\x01b\\r\\n\\r\\n | ",
        "bad method char     | GE^(T / HTTP/1.1\\r\\n\\r\\n | ",
        "two spaces          | GET / ^ HTTP/1.1\\r\\n\\r\\n | ",
        "bad version         | GET / HTTP/1^x1\\r\\n\\r\\n | ",
        "second Host         | GET / HTTP/1.1\\r\\nHost: a\\r\\n^Host: b\\r\\n\\r\\n | more than one Host field",
        "TE after CL         | GET / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 1\\r\\n^Transfer-Encoding: chunked\\r\\n\\r\\n | Content-Length with Transfer-Encoding",
        "invalid target      | GET ^http://x@y/ HTTP/1.1\\r\\nHost: y\\r\\n\\r\\n | userinfo in the request target",
        "CR without LF       | GET / HTTP/1.1\\r\\nHost: a\\r^X\\r\\n\\r\\n | ",
      })
  void findsTheFirstInvalidByteOfARequest(String name, String marked, String reason) {
    String text = unescape(marked);
    int expected = text.indexOf('^');
    byte[] b = text.replace("^", "").getBytes(StandardCharsets.ISO_8859_1);
    assertThat(HeadScanner.locate(b, true, true, reason)).as(name).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "status not 3 digits | HTTP/1.1 20^x OK\\r\\n\\r\\n",
        "not HTTP            | ^NOT HTTP\\r\\n\\r\\n",
        "bad field           | HTTP/1.1 200 OK\\r\\nX^ Y: 1\\r\\n\\r\\n",
      })
  void findsTheFirstInvalidByteOfAResponse(String name, String marked) {
    String text = unescape(marked);
    int expected = text.indexOf('^');
    byte[] b = text.replace("^", "").getBytes(StandardCharsets.ISO_8859_1);
    assertThat(HeadScanner.locate(b, true, false, "x")).as(name).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "well-formed, no reason    | GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | ",
        "cut short                 | GET / HTTP/1.1\\r\\nHost: a\\r\\nX-Lo | ",
        "reason names no field     | GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | something else",
      })
  void findsNothingInAWellFormedHead(String name, String text, String reason) {
    byte[] b = unescape(text).getBytes(StandardCharsets.ISO_8859_1);
    assertThat(HeadScanner.locate(b, true, true, reason)).as(name).isEqualTo(-1);
  }

  @org.junit.jupiter.api.Test
  void aHeadWhoseStartIsGoneIsScannedFromItsFirstWholeLine() {
    byte[] b = "st: a\r\nX^Y: 1\r\n\r\n".replace("^", " ").getBytes(StandardCharsets.ISO_8859_1);
    assertThat(HeadScanner.locate(b, false, true, null)).isEqualTo(8);
  }

  static String unescape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char n = s.charAt(++i);
      switch (n) {
        case 'r' -> sb.append('\r');
        case 'n' -> sb.append('\n');
        case 'x' -> {
          sb.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
          i += 2;
        }
        default -> sb.append(n);
      }
    }
    return sb.toString();
  }
}
