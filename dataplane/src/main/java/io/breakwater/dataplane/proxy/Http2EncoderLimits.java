package io.breakwater.dataplane.proxy;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DecoratingHttp2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2LifecycleManager;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two limits on what a client can make an HTTP/2 connection send, which Netty's builder puts
 * around its own encoder and which {@link Http2Frontend} (with a frame writer of its own) states
 * here:
 *
 * <ul>
 *   <li>control frames (SETTINGS and PING acknowledgements, RST_STREAM) written but not yet sent
 *       because the client does not read: past {@code maxQueuedControlFrames} the connection ends
 *       with ENHANCE_YOUR_CALM (SETTINGS and PING floods);
 *   <li>RST_STREAM frames the client provokes (any error code but CANCEL and NO_ERROR): more than
 *       {@code maxRstFrames} within {@code rstWindowSeconds} end the connection with GOAWAY
 *       ENHANCE_YOUR_CALM ("MadeYouReset", CVE-2025-55163).
 * </ul>
 */
final class Http2EncoderLimits extends DecoratingHttp2ConnectionEncoder {
  private static final Logger log = LoggerFactory.getLogger(Http2EncoderLimits.class);

  private final int maxQueuedControlFrames;
  private final int maxRstFrames;
  private final long rstWindowNanos;

  private Http2LifecycleManager lifecycle;

  private int queuedControlFrames;
  private final ChannelFutureListener controlFrameSent = f -> queuedControlFrames--;
  private boolean queueLimitReached;

  private long rstWindowStart;
  private int rstInWindow;
  private boolean rstWindowStarted;

  Http2EncoderLimits(
      Http2ConnectionEncoder delegate,
      int maxQueuedControlFrames,
      int maxRstFrames,
      int rstWindowSeconds) {
    super(delegate);
    this.maxQueuedControlFrames = maxQueuedControlFrames;
    this.maxRstFrames = maxRstFrames;
    this.rstWindowNanos = TimeUnit.SECONDS.toNanos(rstWindowSeconds);
  }

  @Override
  public void lifecycleManager(Http2LifecycleManager lifecycleManager) {
    this.lifecycle = lifecycleManager;
    super.lifecycleManager(lifecycleManager);
  }

  @Override
  public ChannelFuture writeSettingsAck(ChannelHandlerContext ctx, ChannelPromise promise) {
    return super.writeSettingsAck(ctx, countControlFrame(ctx, promise));
  }

  @Override
  public ChannelFuture writePing(
      ChannelHandlerContext ctx, boolean ack, long data, ChannelPromise promise) {
    if (!ack) {
      return super.writePing(ctx, false, data, promise);
    }
    return super.writePing(ctx, true, data, countControlFrame(ctx, promise));
  }

  @Override
  public ChannelFuture writeRstStream(
      ChannelHandlerContext ctx, int streamId, long errorCode, ChannelPromise promise) {
    ChannelFuture f =
        super.writeRstStream(ctx, streamId, errorCode, countControlFrame(ctx, promise));
    if (errorCode != Http2Error.CANCEL.code() && errorCode != Http2Error.NO_ERROR.code()) {
      countProvokedReset(ctx);
    }
    return f;
  }

  /**
   * The promise to write a control frame with, counted until the frame is sent. The frame that
   * finds the queue full ends the connection; it (and any after it) still goes to the channel,
   * which fails it once closed.
   */
  private ChannelPromise countControlFrame(ChannelHandlerContext ctx, ChannelPromise promise) {
    if (queueLimitReached) {
      return promise;
    }
    if (queuedControlFrames >= maxQueuedControlFrames) {
      ctx.flush(); // what the socket takes now no longer counts
    }
    if (queuedControlFrames >= maxQueuedControlFrames) {
      queueLimitReached = true;
      fail(
          ctx,
          Http2Exception.connectionError(
              Http2Error.ENHANCE_YOUR_CALM,
              "more than %d control frames queued: the client does not read",
              maxQueuedControlFrames));
    }
    queuedControlFrames++;
    return promise.unvoid().addListener(controlFrameSent);
  }

  private void countProvokedReset(ChannelHandlerContext ctx) {
    long now = ctx.executor().ticker().nanoTime();
    if (!rstWindowStarted || now - rstWindowStart >= rstWindowNanos) {
      rstWindowStarted = true;
      rstWindowStart = now;
      rstInWindow = 1;
      return;
    }
    if (++rstInWindow > maxRstFrames) {
      fail(
          ctx,
          Http2Exception.connectionError(
              Http2Error.ENHANCE_YOUR_CALM,
              "more than %d RST_STREAM frames provoked within %d seconds",
              maxRstFrames,
              TimeUnit.NANOSECONDS.toSeconds(rstWindowNanos)));
    }
  }

  /** GOAWAY with the error (the connection handler's report), then the connection closes. */
  private void fail(ChannelHandlerContext ctx, Http2Exception e) {
    log.debug("{}: {}, closing the connection", ctx.channel(), e.getMessage());
    lifecycle.onError(ctx, true, e);
    ctx.close();
  }
}
