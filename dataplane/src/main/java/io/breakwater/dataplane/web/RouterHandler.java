package io.breakwater.dataplane.web;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutException;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a whole request to its handler and writes the answer: 400 for what cannot be decoded, 404
 * for an unknown path, 405 (with {@code Allow}) for a known path with another method, 500 when the
 * handler throws. {@code HEAD} is answered as {@code GET} without the body. Stateless.
 */
@Sharable
final class RouterHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(RouterHandler.class);

  private final String name;
  private final Router router;

  RouterHandler(String name, Router router) {
    this.name = name;
    this.router = router;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    if (req.decoderResult().isFailure()) {
      String why = String.valueOf(req.decoderResult().cause().getMessage());
      writeAndClose(
          ctx, WebResponse.text(HttpResponseStatus.BAD_REQUEST, "400 bad request: " + why));
      return;
    }
    boolean head = req.method().equals(HttpMethod.HEAD);
    HttpMethod method = head ? HttpMethod.GET : req.method();
    QueryStringDecoder uri = new QueryStringDecoder(req.uri());
    Router.Match match;
    try {
      match = router.match(method, uri.rawPath());
    } catch (IllegalArgumentException e) {
      writeAndClose(
          ctx,
          WebResponse.text(HttpResponseStatus.BAD_REQUEST, "400 bad request: " + e.getMessage()));
      return;
    }
    WebResponse response;
    if (match instanceof Router.Found found) {
      WebRequest request =
          new WebRequest(
              method,
              uri.rawPath(),
              found.params(),
              uri.parameters(),
              req.headers(),
              ByteBufUtil.getBytes(req.content()),
              ctx.channel().remoteAddress());
      response = call(found.route(), request);
    } else if (match instanceof Router.MethodNotAllowed notAllowed) {
      String allow =
          notAllowed.allowed().stream().map(HttpMethod::name).collect(Collectors.joining(", "));
      response =
          WebResponse.text(
                  HttpResponseStatus.METHOD_NOT_ALLOWED,
                  "405 method not allowed (expected: " + allow + ")")
              .withHeader(HttpHeaderNames.ALLOW.toString(), allow);
    } else {
      response = WebResponse.text(HttpResponseStatus.NOT_FOUND, "404 not found");
    }
    ctx.writeAndFlush(toHttp(response, head));
  }

  private WebResponse call(Router.Route route, WebRequest request) {
    try {
      return route.handler().handle(request);
    } catch (Exception e) {
      log.warn("{}: {} {} failed", name, route.method(), route.pattern(), e);
      return WebResponse.text(
          HttpResponseStatus.INTERNAL_SERVER_ERROR, "500 internal error: " + e.getMessage());
    }
  }

  private static void writeAndClose(ChannelHandlerContext ctx, WebResponse response) {
    FullHttpResponse r = toHttp(response, false);
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
  }

  /** The Netty response; {@code head} keeps the length and drops the body. */
  static FullHttpResponse toHttp(WebResponse response, boolean head) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            response.status(),
            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(response.body()));
    r.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, response.contentType())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length)
        .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    for (Map.Entry<String, String> h : response.headers().entrySet()) {
      r.headers().set(h.getKey(), h.getValue());
    }
    return r;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof ReadTimeoutException)) {
      log.debug("{}: connection {} failed", name, ctx.channel().remoteAddress(), cause);
    }
    ctx.close();
  }
}
