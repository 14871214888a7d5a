package io.breakwater.dataplane.echo;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.flow.FlowControlHandler;

/**
 * The echo pipeline, top to bottom: HTTP/1.1 codec, {@code 100-continue} answers, one HTTP object
 * per read, the echo handler. An upgrade swaps everything after the socket for a raw byte echo.
 */
final class EchoChannelInitializer extends ChannelInitializer<Channel> {
  static final String HTTP_CODEC = "http-codec";
  static final String EXPECT_CONTINUE = "expect-continue";
  static final String FLOW_CONTROL = "flow-control";
  static final String ECHO = "echo";
  static final String RAW_ECHO = "raw-echo";

  private final String server;
  private final EchoServerState state;

  EchoChannelInitializer(String server, EchoServerState state) {
    this.server = server;
    this.state = state;
  }

  @Override
  protected void initChannel(Channel ch) {
    state.connectionAccepted(ch);
    ChannelPipeline p = ch.pipeline();
    addHttpHandlers(p);
    addEchoHandler(p);
  }

  private static void addHttpHandlers(ChannelPipeline p) {
    p.addLast(HTTP_CODEC, new HttpServerCodec());
    p.addLast(EXPECT_CONTINUE, new HttpServerExpectContinueHandler());
    // The decoder may emit several objects per socket read; this hands them over one per read().
    p.addLast(FLOW_CONTROL, new FlowControlHandler());
  }

  private void addEchoHandler(ChannelPipeline p) {
    p.addLast(ECHO, new EchoHandler(server, state));
  }

  /**
   * After a 101 has been written: the raw echo goes in first, then the HTTP handlers leave, the
   * codec last, so bytes the decoder had buffered past the upgrade request reach the raw echo.
   */
  static void switchToRawEcho(ChannelPipeline p) {
    p.addLast(RAW_ECHO, new RawEchoHandler());
    p.remove(ECHO);
    p.remove(FLOW_CONTROL);
    p.remove(EXPECT_CONTINUE);
    p.remove(HTTP_CODEC);
  }
}
