package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.stats.CapturedBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ByteProcessor;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The client side's HTTP/1.1 codec: Netty's request decoder and response encoder, with the checks a
 * proxy needs on top of the decoder's own (see {@code docs/hardening.md}).
 *
 * <ul>
 *   <li>Obsolete line folding (RFC 9112 §5.2) is refused with 400 rather than joined: the decoder
 *       would join it silently, and a server behind us might not. Header sections are scanned for a
 *       line starting with a space or tab before the decoder reads them.
 *   <li>A request line with more than one space between its parts is refused.
 *   <li>Every decoded head goes through {@link RequestChecks}; a refused one carries a {@link
 *       RequestRejection} as its decoder failure.
 *   <li>After a refused or undecodable head nothing more is decoded: the connection is answered and
 *       closed, and bytes after the bad head are dropped unread.
 * </ul>
 *
 * <p>The encoder knows which responses answer HEAD (no body, whatever the headers say), as Netty's
 * {@code HttpServerCodec} does; responses come in request order, interim ones aside.
 */
final class Http1ServerCodec
    extends CombinedChannelDuplexHandler<Http1ServerCodec.Decoder, Http1ServerCodec.Encoder> {

  /** Whether each request still waiting for its final response was a HEAD. */
  private final ArrayDeque<Boolean> heads = new ArrayDeque<>(4);

  private final MessageBytes bytes = new MessageBytes(true);

  Http1ServerCodec(HttpDecoderConfig config, int maxHeaderCount) {
    init(new Decoder(config, maxHeaderCount), new Encoder());
  }

  private enum Phase {
    /** Expecting a request line. */
    START,
    /** The request line was read, header lines follow. */
    HEADERS,
    /** Between a head and the end of its body. */
    BODY,
    /** A head was refused: everything else is dropped. */
    DISCARD
  }

  final class Decoder extends HttpRequestDecoder {
    private final int maxHeaderCount;
    private Phase phase = Phase.START;

    Decoder(HttpDecoderConfig config, int maxHeaderCount) {
      super(config);
      this.maxHeaderCount = maxHeaderCount;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
        throws Exception {
      if (phase == Phase.DISCARD) {
        in.skipBytes(in.readableBytes());
        return;
      }
      bytes.enter(in);
      if (phase != Phase.BODY && hasObsFold(in, phase == Phase.START)) {
        RequestRejection why = new RequestRejection("obsolete line folding");
        bytes.capture(in, why, true);
        in.skipBytes(in.readableBytes());
        phase = Phase.DISCARD;
        heads.add(Boolean.FALSE);
        out.add(refused(why));
        return;
      }
      int from = out.size();
      super.decode(ctx, in, out);
      boolean ended = false;
      for (int i = from; i < out.size(); i++) {
        Object o = out.get(i);
        if (o instanceof HttpRequest req) {
          phase = Phase.BODY;
          heads.add(HttpMethod.HEAD.equals(req.method()));
          if (req.decoderResult().isSuccess()) {
            RequestRejection r = RequestChecks.check(req, maxHeaderCount);
            if (r != null) {
              req.setDecoderResult(DecoderResult.failure(r));
            }
          }
          if (req.decoderResult().isFailure()) {
            bytes.capture(in, req.decoderResult().cause(), true);
            while (out.size() > i + 1) {
              ReferenceCountUtil.release(out.remove(out.size() - 1));
            }
            in.skipBytes(in.readableBytes());
            phase = Phase.DISCARD;
            return;
          }
        }
        if (o instanceof HttpContent c && c.decoderResult().isFailure()) {
          bytes.capture(in, c.decoderResult().cause(), false);
        }
        if (o instanceof LastHttpContent) {
          phase = Phase.START;
          ended = true;
        }
      }
      bytes.leave(in, ended);
    }

    @Override
    protected HttpMessage createMessage(String[] initialLine) throws Exception {
      phase = Phase.HEADERS;
      return super.createMessage(initialLine);
    }

    @Override
    protected String splitSecondWordInitialLine(byte[] ascii, int start, int length) {
      requireSingleSpaceBefore(ascii, start);
      return super.splitSecondWordInitialLine(ascii, start, length);
    }

    @Override
    protected String splitThirdWordInitialLine(byte[] ascii, int start, int length) {
      requireSingleSpaceBefore(ascii, start);
      return super.splitThirdWordInitialLine(ascii, start, length);
    }
  }

  /**
   * The bytes of the last request refused since the previous call, with the error's offset, for
   * {@code show errors}; null when none were kept.
   */
  CapturedBytes takeCapture() {
    return bytes.take();
  }

  /** RFC 9112 §3: the parts of the request line are separated by exactly one SP. */
  private static void requireSingleSpaceBefore(byte[] ascii, int start) {
    if (start < 2 || ascii[start - 1] != ' ' || ascii[start - 2] == ' ') {
      throw new RequestRejection("the request line's parts must be separated by one space");
    }
  }

  /**
   * Whether the unread header lines in {@code in} (after the request line when {@code
   * requestLineFirst}) include one that starts with a space or tab, up to the empty line that ends
   * the head or the end of what has arrived. The decoder consumes whole lines only, so a resumed
   * scan starts at a line start.
   */
  static boolean hasObsFold(ByteBuf in, boolean requestLineFirst) {
    int i = in.readerIndex();
    int end = in.writerIndex();
    if (requestLineFirst) {
      int lf = in.forEachByte(i, end - i, ByteProcessor.FIND_LF);
      if (lf < 0) {
        return false;
      }
      i = lf + 1;
    }
    while (i < end) {
      byte b = in.getByte(i);
      if (b == ' ' || b == '\t') {
        return true;
      }
      if (b == '\r' || b == '\n') {
        return false; // the empty line: the head ends here
      }
      int lf = in.forEachByte(i, end - i, ByteProcessor.FIND_LF);
      if (lf < 0) {
        return false;
      }
      i = lf + 1;
    }
    return false;
  }

  private static FullHttpRequest refused(RequestRejection why) {
    FullHttpRequest req =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_0, HttpMethod.GET, "/bad-request", Unpooled.EMPTY_BUFFER);
    req.setDecoderResult(DecoderResult.failure(why));
    return req;
  }

  final class Encoder extends HttpResponseEncoder {
    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
      if (msg.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
        return super.isContentAlwaysEmpty(msg);
      }
      return Boolean.TRUE.equals(heads.poll()) || super.isContentAlwaysEmpty(msg);
    }
  }
}
