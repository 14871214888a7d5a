package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.config.Texts;
import io.breakwater.dataplane.stats.CapturedBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The server side's HTTP/1.1 codec: Netty's request encoder and response decoder, stricter than
 * Netty's {@code HttpClientCodec} about what a server may answer. A response that fails here
 * reaches the frontend as a failed decode and becomes 502 (or cuts the client off when its head
 * already went out); nothing of it is forwarded.
 *
 * <ul>
 *   <li>A status line must be {@code HTTP/1.0} or {@code HTTP/1.1}, a three-digit status from 100
 *       to 599 and a reason phrase without control characters (other than tab).
 *   <li>Content-Length together with Transfer-Encoding is refused (Netty would drop the length and
 *       carry on; a response splitting attempt looks exactly like that).
 *   <li>Transfer-Encoding must be a single final {@code chunked}, on HTTP/1.1 only (RFC 9112 §6.1);
 *       anything else would leave the body's end to the server's closing the connection.
 * </ul>
 *
 * <p>Like Netty's codec it remembers the method of each request, so a response to HEAD is known to
 * have no body.
 */
final class Http1ClientCodec
    extends CombinedChannelDuplexHandler<Http1ClientCodec.Decoder, Http1ClientCodec.Encoder> {

  private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>(2);

  private final MessageBytes bytes = new MessageBytes(false);

  Http1ClientCodec(HttpDecoderConfig config) {
    init(new Decoder(config), new Encoder());
  }

  /** A read from the server: the responses it holds and what they set off share one time. */
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    LoopTime time = LoopTime.current();
    time.enter(ctx.executor().ticker());
    try {
      super.channelRead(ctx, msg);
    } finally {
      time.exit();
    }
  }

  final class Decoder extends HttpResponseDecoder {
    Decoder(HttpDecoderConfig config) {
      super(config);
    }

    @Override
    protected HttpMessage createMessage(String[] initialLine) {
      String status = initialLine[1];
      if (status.length() != 3
          || status.charAt(0) < '1'
          || status.charAt(0) > '5'
          || !asciiDigit(status.charAt(1))
          || !asciiDigit(status.charAt(2))) {
        throw new IllegalArgumentException("status is not three digits from 100 to 599: " + status);
      }
      String reason = initialLine[2];
      for (int i = 0; i < reason.length(); i++) {
        char c = reason.charAt(i);
        // reason-phrase = *( HTAB / SP / VCHAR / obs-text ) (RFC 9112 §4)
        if (c < 0x20 && c != '\t' || c == 0x7f) {
          throw new IllegalArgumentException(
              String.format("control character 0x%02x in the reason phrase", (int) c));
        }
      }
      HttpResponse res = (HttpResponse) super.createMessage(initialLine);
      HttpVersion v = res.protocolVersion();
      if (v.majorVersion() != 1 || v.minorVersion() > 1) {
        throw new IllegalArgumentException("unsupported protocol version " + v.text());
      }
      return res;
    }

    private static boolean asciiDigit(char c) {
      return c >= '0' && c <= '9';
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
      throw new IllegalArgumentException("Content-Length with Transfer-Encoding");
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
        throws Exception {
      bytes.enter(in);
      int from = out.size();
      super.decode(ctx, in, out);
      boolean ended = false;
      for (int i = from; i < out.size(); i++) {
        Object o = out.get(i);
        if (o instanceof HttpResponse res) {
          String problem = res.decoderResult().isSuccess() ? framingProblem(res) : null;
          if (problem != null) {
            res.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(problem)));
          }
          if (res.decoderResult().isFailure()) {
            bytes.capture(in, res.decoderResult().cause(), true);
          }
        } else if (o instanceof HttpContent c && c.decoderResult().isFailure()) {
          bytes.capture(in, c.decoderResult().cause(), false);
        }
        if (o instanceof LastHttpContent) {
          ended = true;
        }
      }
      bytes.leave(in, ended);
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
      HttpResponse res = (HttpResponse) msg;
      if (res.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
        return super.isContentAlwaysEmpty(msg);
      }
      return HttpMethod.HEAD.equals(methods.poll()) || super.isContentAlwaysEmpty(msg);
    }
  }

  /**
   * The bytes of the last response refused since the previous call, with the error's offset, for
   * {@code show errors}; null when none were kept.
   */
  CapturedBytes takeCapture() {
    return bytes.take();
  }

  /** What is wrong with a response's Transfer-Encoding, or null. */
  static String framingProblem(HttpResponse res) {
    List<String> te = res.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (te.isEmpty()) {
      return null;
    }
    if (res.protocolVersion().minorVersion() == 0) {
      return "Transfer-Encoding on HTTP/1.0";
    }
    int chunked = 0;
    String last = null;
    for (String field : te) {
      for (String coding : field.split(",", -1)) {
        last = coding.trim();
        if (last.equalsIgnoreCase("chunked")) {
          chunked++;
        } else if (last.isEmpty()
            || last.regionMatches(true, 0, "chunked", 0, 7)
            || !codingName(last)) {
          return "invalid Transfer-Encoding " + field;
        }
      }
    }
    if (chunked != 1 || !"chunked".equalsIgnoreCase(last)) {
      return "Transfer-Encoding must end in one chunked";
    }
    return null;
  }

  /**
   * Whether a transfer-coding starts with a token name, up to its parameters (RFC 9112 §7: {@code
   * token *( OWS ";" OWS transfer-parameter )}); {@code "ch00 OK"} is not one.
   */
  private static boolean codingName(String coding) {
    int end = coding.indexOf(';');
    return Texts.isToken((end < 0 ? coding : coding.substring(0, end)).stripTrailing());
  }

  /**
   * Netty's request encoder, which writes a request without a body (no Content-Length or a zero
   * one, no Transfer-Encoding) as one message: its head goes out whole, and the empty end the
   * frontend writes after it is taken here without a write of its own (an empty buffer, one more
   * entry for the socket's write).
   */
  final class Encoder extends HttpRequestEncoder {
    /** A bodyless request's head went out whole; its empty end is still to come. */
    private boolean endTaken;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
        throws Exception {
      if (msg instanceof HttpRequest req) {
        // Decided afresh for every request: a head whose end never came leaves nothing behind.
        endTaken = !(msg instanceof FullHttpRequest) && bodyless(req);
        if (endTaken) {
          msg =
              new DefaultFullHttpRequest(
                  req.protocolVersion(),
                  req.method(),
                  req.uri(),
                  Unpooled.EMPTY_BUFFER,
                  req.headers(),
                  EmptyHttpHeaders.INSTANCE);
        }
      } else if (endTaken && msg instanceof LastHttpContent end) {
        endTaken = false;
        if (!end.content().isReadable() && end.trailingHeaders().isEmpty()) {
          end.release();
          promise.trySuccess();
          return;
        }
      }
      super.write(ctx, msg, promise);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out)
        throws Exception {
      if (msg instanceof HttpRequest req) {
        methods.add(req.method());
      }
      super.encode(ctx, msg, out);
    }
  }

  private static boolean bodyless(HttpRequest req) {
    String length = req.headers().get(HttpHeaderNames.CONTENT_LENGTH);
    return (length == null || length.equals("0"))
        && !req.headers().contains(HttpHeaderNames.TRANSFER_ENCODING);
  }
}
