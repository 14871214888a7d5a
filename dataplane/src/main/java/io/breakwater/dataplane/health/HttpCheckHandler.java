package io.breakwater.dataplane.health;

import io.breakwater.dataplane.config.StatusRange;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Sends the check request once connected and judges the answer, behind an {@code HttpClientCodec}.
 * It decides as soon as it can: on the response head when only the status matters; otherwise when
 * the expected string shows up, the body ends, or {@link HealthProbe#MAX_BODY_BYTES} have been
 * kept, since the string is only looked for there (HAProxy's {@code tune.bufsize}). Contents are
 * released as they are read; after the decision the rest of the answer is dropped and the
 * connection is closed by the caller.
 */
final class HttpCheckHandler extends SimpleChannelInboundHandler<HttpObject> {

  /** Where the decision goes; only the first call counts. */
  interface Outcome {
    void complete(boolean passed, String code, String description);
  }

  private final HttpRequest request;
  private final List<StatusRange> expectStatus;
  private final String expectBody;
  private final byte[] needle;
  private final int maxBodyBytes;
  private final Outcome outcome;
  private boolean decided;
  private boolean interim;
  private int status;
  private BodyPrefix body;

  HttpCheckHandler(
      HttpRequest request,
      List<StatusRange> expectStatus,
      String expectBody,
      int maxBodyBytes,
      Outcome outcome) {
    this.request = request;
    this.expectStatus = expectStatus;
    this.expectBody = expectBody;
    this.needle = expectBody == null ? null : expectBody.getBytes(StandardCharsets.UTF_8);
    this.maxBodyBytes = maxBodyBytes;
    this.outcome = outcome;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.writeAndFlush(request)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                decide(false, ProbeResult.SOCKERR, "cannot send the request: " + reason(f.cause()));
              }
            });
    ctx.fireChannelActive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
    if (decided) {
      return;
    }
    if (msg.decoderResult().isFailure()) {
      decide(
          false,
          ProbeResult.L7RSP,
          "invalid HTTP response: " + reason(msg.decoderResult().cause()));
      return;
    }
    if (msg instanceof HttpResponse response) {
      onHead(response);
    }
    if (msg instanceof HttpContent content && !decided) {
      onContent(content);
    }
  }

  private void onHead(HttpResponse response) {
    status = response.status().code();
    // An interim answer (100 Continue, 103 Early Hints) precedes the real one (RFC 9110 §15.2).
    interim = status >= 100 && status < 200 && status != 101;
    if (interim) {
      return;
    }
    if (!StatusRange.anyContains(expectStatus, status)) {
      decide(false, ProbeResult.L7STS, "HTTP status " + status);
    } else if (needle == null) {
      decide(true, ProbeResult.L7OK, "HTTP status " + status);
    } else {
      body = new BodyPrefix(maxBodyBytes);
    }
  }

  private void onContent(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (interim) {
      interim = !last;
      return;
    }
    body.append(content.content());
    if (body.contains(needle)) {
      decide(true, ProbeResult.L7OK, "HTTP status " + status + ", body contains " + quoted());
    } else if (last) {
      decide(false, ProbeResult.L7RSP, "HTTP status " + status + ", body lacks " + quoted());
    } else if (body.full()) {
      decide(
          false,
          ProbeResult.L7RSP,
          "HTTP status " + status + ", first " + body.length() + " body bytes lack " + quoted());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    decide(
        false,
        ProbeResult.L7RSP,
        status == 0
            ? "connection closed without a response"
            : "connection closed before the end of the response");
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    decide(false, ProbeResult.SOCKERR, reason(cause));
    ctx.close();
  }

  private void decide(boolean passed, String code, String description) {
    if (!decided) {
      decided = true;
      body = null;
      outcome.complete(passed, code, description);
    }
  }

  private String quoted() {
    return '"' + expectBody + '"';
  }

  static String reason(Throwable cause) {
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }
}
