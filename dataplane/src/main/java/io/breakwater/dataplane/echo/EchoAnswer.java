package io.breakwater.dataplane.echo;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The ordinary answer once the request body is in: the JSON description of the request, or {@code
 * size} filler bytes, with the status and framing the query asked for. HEAD requests and bodyless
 * statuses get the head alone.
 */
final class EchoAnswer {
  private EchoAnswer() {}

  /** Writes the whole response; the future completes when its last byte is written. */
  static ChannelFuture write(
      ChannelHandlerContext ctx,
      String server,
      HttpRequest request,
      EchoQuery query,
      BodyDigest body,
      boolean keepAlive) {
    HttpResponseStatus status = HttpResponseStatus.valueOf(query.status());
    boolean sendBody = EchoResponses.hasBody(status) && !HttpMethod.HEAD.equals(request.method());
    if (query.hasSize()) {
      HttpResponse head =
          EchoResponses.head(
              request.protocolVersion(),
              status,
              HttpHeaderValues.APPLICATION_OCTET_STREAM,
              query.size(),
              query.chunked());
      ctx.write(EchoResponses.finish(head, server, keepAlive));
      return sendBody
          ? FillerBody.stream(ctx, query.size())
          : ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }
    ByteBuf json =
        EchoJson.write(ctx.alloc(), server, request, ctx.channel().remoteAddress(), body);
    HttpResponse head =
        EchoResponses.head(
            request.protocolVersion(),
            status,
            HttpHeaderValues.APPLICATION_JSON,
            json.readableBytes(),
            query.chunked());
    ctx.write(EchoResponses.finish(head, server, keepAlive));
    if (!sendBody) {
      json.release();
      return ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }
    return ctx.writeAndFlush(new DefaultLastHttpContent(json));
  }
}
