package io.breakwater.dataplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The CLI's framing: lines, payloads, limits, one input at a time. */
class CliFramerTest {
  private final EmbeddedChannel ch = new EmbeddedChannel(new CliFramer());

  @AfterEach
  void noLeak() {
    ch.finishAndReleaseAll();
  }

  private void write(String s) {
    ch.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
  }

  private CliInput next() {
    ch.pipeline().fireUserEventTriggered(CliFramer.NEXT);
    return ch.readInbound();
  }

  @Test
  void handsOnOneLineAtATimeUntilTheSessionAsksForTheNext() {
    write("show info\r\nshow stat\nhelp");
    assertThat((CliInput) ch.readInbound()).isEqualTo(CliInput.line("show info"));
    assertThat((Object) ch.readInbound()).isNull();
    assertThat(next()).isEqualTo(CliInput.line("show stat"));
    assertThat(next()).isNull();
    write("\n");
    assertThat((CliInput) ch.readInbound()).isEqualTo(CliInput.line("help"));
  }

  @Test
  void aPayloadRunsToTheNextEmptyLine() {
    write("set backend b servers <<\n[{\"name\": \"a\",\n\"address\": \"x:1\"}]\n\nquit\n");
    assertThat((CliInput) ch.readInbound())
        .isEqualTo(
            CliInput.withPayload(
                "set backend b servers", "[{\"name\": \"a\",\n\"address\": \"x:1\"}]\n"));
    assertThat(next()).isEqualTo(CliInput.line("quit"));
  }

  @Test
  void aNamedTerminatorLetsThePayloadHoldEmptyLines() {
    write("set config 3 <<EOF\nbackends:\n\n  - name: b\nEOF\n");
    assertThat((CliInput) ch.readInbound())
        .isEqualTo(CliInput.withPayload("set config 3", "backends:\n\n  - name: b\n"));
  }

  @Test
  void onlyALastWordOfItsOwnStartsAPayload() {
    write("echo a<<\n<<\nset x << y\n");
    assertThat((CliInput) ch.readInbound()).isEqualTo(CliInput.line("echo a<<"));
    assertThat(next()).isEqualTo(CliInput.line("<<"));
    assertThat(next()).isEqualTo(CliInput.line("set x << y"));
  }

  @Test
  void aLineOverTheLimitIsOneErrorAndTheRestIsIgnored() {
    byte[] big = new byte[CliFramer.MAX_LINE + 1];
    Arrays.fill(big, (byte) 'x');
    ch.writeInbound(Unpooled.wrappedBuffer(big));
    CliInput in = ch.readInbound();
    assertThat(in.error()).isEqualTo("Line too long: a command line is at most 65536 bytes.");
    write("show info\n");
    assertThat(next()).isNull();
  }

  @Test
  void aLineAtTheLimitIsALine() {
    byte[] line = new byte[CliFramer.MAX_LINE + 1];
    Arrays.fill(line, (byte) 'x');
    line[CliFramer.MAX_LINE] = '\n';
    ch.writeInbound(Unpooled.wrappedBuffer(line));
    CliInput in = ch.readInbound();
    assertThat(in.line()).hasSize(CliFramer.MAX_LINE);
  }

  @Test
  void aPayloadOverTheLimitIsOneError() {
    write("set config 1 <<\n");
    byte[] chunk = new byte[1024 * 1024];
    Arrays.fill(chunk, (byte) 'y');
    chunk[chunk.length - 1] = '\n';
    for (int i = 0; i < 16; i++) {
      ch.writeInbound(Unpooled.wrappedBuffer(chunk));
      assertThat((Object) ch.readInbound()).isNull();
    }
    write("z\n");
    CliInput in = ch.readInbound();
    assertThat(in.error()).isEqualTo("Payload too large: a payload is at most 16777216 bytes.");
  }

  @Test
  void theEndOfInputCompletesAnUnterminatedLineOrPayloadThenEnds() {
    write("show info");
    ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
    assertThat((CliInput) ch.readInbound()).isEqualTo(CliInput.line("show info"));
    assertThat(next()).isSameAs(CliInput.END);

    EmbeddedChannel other = new EmbeddedChannel(new CliFramer());
    other.writeInbound(Unpooled.copiedBuffer("set config 1 <<\n{}\n", StandardCharsets.UTF_8));
    other.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
    assertThat((CliInput) other.readInbound())
        .isEqualTo(CliInput.withPayload("set config 1", "{}\n"));
    other.finishAndReleaseAll();
  }
}
