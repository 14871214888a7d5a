package io.breakwater.dataplane.web;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Aggregates whole requests; a body over the limit gets a 413 that says the limit, and the
 * connection is closed because the rest of the body is not read.
 */
final class BodyLimit extends HttpObjectAggregator {
  private final int maxBody;

  BodyLimit(int maxBody) {
    super(maxBody);
    this.maxBody = maxBody;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized)
      throws Exception {
    if (!(oversized instanceof HttpRequest)) {
      super.handleOversizedMessage(ctx, oversized);
      return;
    }
    var response =
        RouterHandler.toHttp(
            WebResponse.text(
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "413 request body over " + maxBody + " bytes"),
            false);
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
