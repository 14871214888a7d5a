package io.breakwater.dataplane.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyPrefixTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static void append(BodyPrefix p, String s) {
    ByteBuf buf = Unpooled.wrappedBuffer(b(s));
    p.append(buf);
    assertThat(buf.readableBytes()).as("indexes untouched").isEqualTo(s.length());
  }

  @Test
  void keepsAtMostTheLimitAndNeverAllocatesBeyondIt() {
    BodyPrefix p = new BodyPrefix(16 * 1024);
    for (int i = 0; i < 100; i++) {
      append(p, "y".repeat(1000));
      assertThat(p.capacity()).isLessThanOrEqualTo(16 * 1024);
    }
    assertThat(p.length()).isEqualTo(16 * 1024);
    assertThat(p.full()).isTrue();
  }

  @Test
  void smallBodyCostsLittle() {
    BodyPrefix p = new BodyPrefix(16 * 1024);
    append(p, "ok");
    assertThat(p.capacity()).isEqualTo(1024);
    assertThat(p.full()).isFalse();
  }

  @Test
  void findsANeedleSplitOverAppendsAndRemembersWhereItLooked() {
    BodyPrefix p = new BodyPrefix(64);
    byte[] needle = b("abcd");
    append(p, "xxab");
    assertThat(p.contains(needle)).isFalse();
    append(p, "c");
    assertThat(p.contains(needle)).isFalse();
    append(p, "dzz");
    assertThat(p.contains(needle)).isTrue();
  }

  @Test
  void needleLongerThanTheBodyIsNotFoundAndAnEmptyOneAlwaysIs() {
    BodyPrefix p = new BodyPrefix(64);
    append(p, "ab");
    assertThat(p.contains(b("abc"))).isFalse();
    assertThat(p.contains(b(""))).isTrue();
  }
}
