package io.breakwater.dataplane.health;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One check in progress, confined to its event loop: the connection, the deadline and the promise
 * of its result. Whatever completes the promise first (outcome, deadline, or a caller's cancel)
 * wins; completion in any form cancels the deadline and closes the connection, so nothing outlives
 * the check.
 */
final class ProbeAttempt implements HttpCheckHandler.Outcome {
  private final EventLoop loop;
  private final Ticker ticker;
  private final Promise<ProbeResult> promise;
  private final long timeoutNanos;
  private final boolean tcp;
  private long startNanos;
  private boolean connected;
  private boolean handshaking;
  private Channel channel;
  private ScheduledFuture<?> deadline;

  ProbeAttempt(EventLoop loop, Promise<ProbeResult> promise, long timeoutNanos, boolean tcp) {
    this.loop = loop;
    this.ticker = loop.ticker();
    this.promise = promise;
    this.timeoutNanos = timeoutNanos;
    this.tcp = tcp;
  }

  /** Connects with {@code bootstrap} (already cloned onto the loop, its handler set). */
  void start(Bootstrap bootstrap, InetSocketAddress address) {
    if (promise.isDone()) {
      return; // cancelled before the loop got to it
    }
    startNanos = ticker.nanoTime();
    promise.addListener(f -> cleanUp());
    deadline = loop.schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
    ChannelFuture connect = bootstrap.connect(address);
    channel = connect.channel();
    if (promise.isDone()) {
      channel.close(); // the connect failed at once and completed the check before we knew it
    }
    connect.addListener(this::connected);
  }

  private void connected(io.netty.util.concurrent.Future<? super Void> f) {
    if (promise.isDone()) {
      return;
    }
    if (!f.isSuccess()) {
      Throwable cause = f.cause();
      if (cause instanceof ConnectTimeoutException) {
        complete(false, ProbeResult.L4TOUT, HttpCheckHandler.reason(cause));
      } else if (cause instanceof IOException) {
        complete(false, ProbeResult.L4CON, HttpCheckHandler.reason(cause));
      } else {
        // Not a refusal by the server: the socket could not be created or registered.
        complete(false, ProbeResult.SOCKERR, HttpCheckHandler.reason(cause));
      }
      return;
    }
    connected = true;
    SslHandler ssl = channel.pipeline().get(SslHandler.class);
    if (ssl != null) {
      handshaking = true;
      ssl.handshakeFuture().addListener(this::handshaken);
    } else if (tcp) {
      complete(true, ProbeResult.L4OK, "connected");
    }
  }

  /**
   * Over TLS: a failed handshake fails the check at layer 6, before the HTTP request (held by the
   * TLS handler until now) could fail it less clearly; a TCP check passes here.
   */
  private void handshaken(io.netty.util.concurrent.Future<? super Channel> f) {
    if (promise.isDone()) {
      return;
    }
    handshaking = false;
    if (!f.isSuccess()) {
      complete(false, ProbeResult.L6RSP, "TLS handshake: " + HttpCheckHandler.reason(f.cause()));
    } else if (tcp) {
      complete(true, ProbeResult.L6OK, "TLS handshake completed");
    }
  }

  private void expire() {
    long millis = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
    if (handshaking) {
      complete(false, ProbeResult.L6TOUT, "no TLS handshake within " + millis + "ms");
    } else if (connected) {
      complete(false, ProbeResult.L7TOUT, "no complete response within " + millis + "ms");
    } else {
      complete(false, ProbeResult.L4TOUT, "no connection within " + millis + "ms");
    }
  }

  @Override
  public void complete(boolean passed, String code, String description) {
    promise.trySuccess(new ProbeResult(passed, code, description, ticker.nanoTime() - startNanos));
  }

  private void cleanUp() {
    if (deadline != null) {
      deadline.cancel(false);
    }
    if (channel != null) {
      channel.close();
    }
  }
}
