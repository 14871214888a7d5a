package io.breakwater.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Http2FrameBatchTest {
  private EmbeddedChannel ch;
  private ChannelHandlerContext ctx;
  private Http2FrameBatch writer;
  private int batchStarts;
  private final List<String> frames = new ArrayList<>();
  private final List<Http2Headers> headerBlocks = new ArrayList<>();
  private DefaultHttp2FrameReader reader;

  @BeforeEach
  void setUp() {
    ch = new EmbeddedChannel(new ChannelHandlerAdapter() {});
    ctx = ch.pipeline().firstContext();
    writer = new Http2FrameBatch(new DefaultHttp2HeadersEncoder());
    writer.onBatchStart(() -> batchStarts++);
    reader = new DefaultHttp2FrameReader(new DefaultHttp2HeadersDecoder(true, 1 << 20));
  }

  @AfterEach
  void tearDown() {
    writer.close();
    reader.close();
    ch.finishAndReleaseAll();
  }

  @Test
  void headersAndSmallDataOfSeveralStreamsLeaveAsOneBufferWithOnePromiseEach() throws Exception {
    ChannelPromise h1 = ctx.newPromise();
    ChannelPromise d1 = ctx.newPromise();
    ChannelPromise h3 = ctx.newPromise();
    writer.writeHeaders(ctx, 1, response("200"), 0, false, h1);
    writer.writeData(ctx, 1, text("hello"), 0, true, d1);
    writer.writeHeaders(ctx, 3, response("204"), 0, true, h3);
    assertThat(batchStarts).isEqualTo(1);
    assertThat(ch.outboundMessages()).isEmpty();

    writer.emit();
    ch.flush();

    assertThat(ch.outboundMessages()).hasSize(1);
    assertThat(h1.isSuccess() && d1.isSuccess() && h3.isSuccess()).isTrue();
    readAll();
    assertThat(frames)
        .containsExactly("HEADERS 1 end=false", "DATA 1 hello end=true", "HEADERS 3 end=true");
    assertThat(headerBlocks.get(1).status().toString()).isEqualTo("204");
    writer.writeData(ctx, 3, text("next"), 0, true, ctx.newPromise());
    assertThat(batchStarts).as("a new batch after the emit").isEqualTo(2);
  }

  @Test
  void promisesStayOpenUntilTheBatchIsWritten() {
    ChannelPromise h = ctx.newPromise();
    writer.writeHeaders(ctx, 1, response("200"), 0, true, h);
    writer.emit();
    assertThat(h.isDone()).isFalse();
    ch.flush();
    assertThat(h.isSuccess()).isTrue();
  }

  @Test
  void aHeaderBlockLargerThanAFrameIsSplitIntoContinuationFrames() throws Exception {
    // 60,000 Huffman-coded letters: about 37,500 bytes, three frames of 16,384.
    Http2Headers big = response("200").add("x-big", "a".repeat(60_000));
    writer.writeHeaders(ctx, 5, big, 0, true, ctx.newPromise());
    writer.emit();
    ch.flush();
    assertThat(rawFrameTypes()).containsExactly(0x1, 0x9, 0x9);
    readAll();
    assertThat(frames).containsExactly("HEADERS 5 end=true");
    assertThat(headerBlocks.get(0).get("x-big").length()).isEqualTo(60_000);
  }

  @Test
  void controlFramesAndLargeDataLeaveAfterWhatWasBatchedBeforeThem() throws Exception {
    writer.writeHeaders(ctx, 1, response("200"), 0, false, ctx.newPromise());
    writer.writePing(ctx, true, 42, ctx.newPromise());
    byte[] large = new byte[Http2FrameBatch.COPY_LIMIT + 1];
    writer.writeData(ctx, 1, Unpooled.wrappedBuffer(large), 0, true, ctx.newPromise());
    writer.emit();
    ch.flush();
    readAll();
    assertThat(frames)
        .containsExactly(
            "HEADERS 1 end=false", "PING ack 42", "DATA 1 " + (Http2FrameBatch.COPY_LIMIT + 1));
  }

  @Test
  void closingDropsTheBatchAndFailsItsPromises() {
    ChannelPromise h = ctx.newPromise();
    ChannelPromise d = ctx.newPromise();
    writer.writeHeaders(ctx, 1, response("200"), 0, false, h);
    writer.writeData(ctx, 1, text("lost"), 0, true, d);
    writer.close();
    assertThat(h.cause()).isInstanceOf(ClosedChannelException.class);
    assertThat(d.cause()).isInstanceOf(ClosedChannelException.class);
    writer.emit();
    assertThat(ch.outboundMessages()).isEmpty();
  }

  private static Http2Headers response(String status) {
    return new DefaultHttp2Headers().status(status).add("content-type", "text/plain");
  }

  private static ByteBuf text(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
  }

  /** Frame types in the written bytes, read from the frame headers alone. */
  private List<Integer> rawFrameTypes() {
    List<Integer> types = new ArrayList<>();
    for (Object o : ch.outboundMessages()) {
      ByteBuf b = (ByteBuf) o;
      for (int i = b.readerIndex(); i < b.writerIndex(); ) {
        types.add((int) b.getByte(i + 3));
        i += 9 + b.getUnsignedMedium(i);
      }
    }
    return types;
  }

  private void readAll() throws Exception {
    ByteBuf all = Unpooled.buffer();
    for (Object o; (o = ch.readOutbound()) != null; ) {
      ByteBuf b = (ByteBuf) o;
      all.writeBytes(b);
      b.release();
    }
    try {
      while (all.isReadable()) {
        reader.readFrame(ctx, all, new Recorder());
      }
    } finally {
      all.release();
    }
  }

  private final class Recorder extends Http2FrameAdapter {
    @Override
    public void onHeadersRead(
        ChannelHandlerContext ctx,
        int streamId,
        Http2Headers headers,
        int padding,
        boolean endStream) {
      frames.add("HEADERS " + streamId + " end=" + endStream);
      headerBlocks.add(headers);
    }

    @Override
    public int onDataRead(
        ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
      String body =
          data.readableBytes() > 64
              ? String.valueOf(data.readableBytes())
              : data.toString(StandardCharsets.US_ASCII) + " end=" + endOfStream;
      frames.add("DATA " + streamId + " " + body);
      return data.readableBytes() + padding;
    }

    @Override
    public void onPingAckRead(ChannelHandlerContext ctx, long data) {
      frames.add("PING ack " + data);
    }
  }
}
