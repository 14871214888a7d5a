package io.breakwater.dataplane.echo;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one request at a time on a connection whose auto-read is off, behind a {@code
 * FlowControlHandler}: each {@code ctx.read()} brings exactly one HTTP object, so the handler reads
 * the next object only when it is ready for it. That one rule gives back-pressure for request and
 * response bodies, and in-order answers to pipelined requests. The request body is counted and
 * checksummed as it passes; only {@code echo=body} keeps it, to write it straight back.
 *
 * <p>A {@code read()} that a socket read does not satisfy (a partial message) ends with that read's
 * {@code channelReadComplete}; the handler asks again then, until its message arrives.
 */
final class EchoHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(EchoHandler.class);

  private final String server;
  private final EchoServerState state;
  private final BodyDigest body = new BodyDigest();

  /** The request being answered; null between requests. */
  private HttpRequest request;

  private EchoQuery query;

  /** Why the query was refused, or null. */
  private String refusal;

  private boolean keepAlive;

  /** The response streams the request body back, so it starts before the body is read. */
  private boolean echoing;

  private ScheduledFuture<?> delayed;

  /** A {@code read()} was asked for and no message has arrived yet. */
  private boolean awaitingMessage;

  EchoHandler(String server, EchoServerState state) {
    this.server = server;
    this.state = state;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    read(ctx);
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (delayed != null) {
      delayed.cancel(false);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    awaitingMessage = false;
    if (msg instanceof HttpObject http && http.decoderResult().isFailure()) {
      ReferenceCountUtil.release(msg);
      refuseMalformed(ctx, http.decoderResult().cause());
    } else if (msg instanceof HttpRequest head) {
      // The decoder emits a head and its contents separately; full messages only on failure.
      onRequest(ctx, head);
    } else if (msg instanceof HttpContent content && request != null) {
      onContent(ctx, content);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (awaitingMessage) {
      ctx.read();
    }
  }

  private void read(ChannelHandlerContext ctx) {
    awaitingMessage = true;
    ctx.read();
  }

  private void onRequest(ChannelHandlerContext ctx, HttpRequest head) {
    state.requestReceived();
    request = head;
    body.reset();
    try {
      query = EchoQuery.parse(head.uri());
      refusal = null;
    } catch (IllegalArgumentException e) {
      query = EchoQuery.DEFAULT;
      refusal = e.getMessage();
    }
    keepAlive = HttpUtil.isKeepAlive(head) && !query.close();
    echoing = refusal == null && query.echoBody() && !isUpgrade(head) && !isHealthz(head);
    if (!echoing) {
      read(ctx);
      return;
    }
    // Without chunked framing the echoed body can only end by closing the connection.
    keepAlive &= head.protocolVersion().equals(HttpVersion.HTTP_1_1);
    HttpResponse response = EchoResponses.echoHead(head, query.status());
    later(
        ctx,
        () -> {
          ctx.writeAndFlush(EchoResponses.finish(response, server, keepAlive))
              .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
          read(ctx);
        });
  }

  private void onContent(ChannelHandlerContext ctx, HttpContent content) {
    body.update(content.content());
    boolean last = content instanceof LastHttpContent;
    if (echoing) {
      ByteBuf bytes = content.content(); // ownership moves to the response chunk
      ChannelFuture written =
          ctx.writeAndFlush(
              last ? new DefaultLastHttpContent(bytes) : new DefaultHttpContent(bytes));
      if (last) {
        afterResponse(ctx, written);
      } else {
        written.addListener(f -> readOrClose(ctx, f.isSuccess()));
      }
      return;
    }
    content.release();
    if (last) {
      EchoFault fault = state.fault();
      switch (fault.kind()) {
        case HANG -> {} // read, never answer, never read again
        case SLOW ->
            ctx.executor()
                .schedule(
                    () -> later(ctx, () -> respond(ctx)),
                    fault.delay().toMillis(),
                    TimeUnit.MILLISECONDS);
        default -> later(ctx, () -> respond(ctx));
      }
    } else {
      read(ctx);
    }
  }

  private void respond(ChannelHandlerContext ctx) {
    HttpVersion version = request.protocolVersion();
    if (state.fault().kind() == EchoFault.Kind.ERROR) {
      afterResponse(ctx, writeLast(ctx, EchoResponses.healthz(version, false)));
    } else if (isUpgrade(request)) {
      switchProtocols(ctx);
    } else if (isHealthz(request)) {
      afterResponse(ctx, writeLast(ctx, EchoResponses.healthz(version, state.healthy())));
    } else if (refusal != null) {
      afterResponse(ctx, writeLast(ctx, EchoResponses.badRequest(version, refusal)));
    } else {
      afterResponse(ctx, EchoAnswer.write(ctx, server, request, query, body, keepAlive));
    }
  }

  private void switchProtocols(ChannelHandlerContext ctx) {
    ctx.writeAndFlush(EchoResponses.finish(EchoResponses.switchingProtocols(request), server, true))
        .addListener(
            f -> {
              request = null;
              if (f.isSuccess()) {
                EchoChannelInitializer.switchToRawEcho(ctx.pipeline());
              } else {
                ctx.close();
              }
            });
  }

  private void refuseMalformed(ChannelHandlerContext ctx, Throwable cause) {
    if (request != null && echoing) {
      ctx.close(); // the response is under way: closing is the only signal left
      return;
    }
    keepAlive = false;
    afterResponse(ctx, writeLast(ctx, EchoResponses.malformed(cause)));
  }

  private ChannelFuture writeLast(ChannelHandlerContext ctx, HttpResponse response) {
    return ctx.writeAndFlush(EchoResponses.finish(response, server, keepAlive));
  }

  private void afterResponse(ChannelHandlerContext ctx, ChannelFuture written) {
    written.addListener(
        f -> {
          request = null;
          readOrClose(ctx, f.isSuccess() && keepAlive);
        });
  }

  private void readOrClose(ChannelHandlerContext ctx, boolean read) {
    if (read) {
      read(ctx);
    } else {
      ctx.close();
    }
  }

  private void later(ChannelHandlerContext ctx, Runnable task) {
    long millis = query.delayMillis();
    if (millis == 0) {
      task.run();
    } else {
      delayed = ctx.executor().schedule(task, millis, TimeUnit.MILLISECONDS);
    }
  }

  private static boolean isUpgrade(HttpRequest head) {
    return head.protocolVersion().equals(HttpVersion.HTTP_1_1)
        && head.headers().contains(HttpHeaderNames.UPGRADE);
  }

  private static boolean isHealthz(HttpRequest head) {
    String uri = head.uri();
    return uri.equals("/healthz") || uri.startsWith("/healthz?");
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof IOException)) {
      log.warn("echo {} failed on {}", server, ctx.channel(), cause);
    }
    ctx.close();
  }
}
