package io.breakwater.dataplane.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2ConnectionDecoder;
import io.netty.handler.codec.http2.DefaultHttp2ConnectionEncoder;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2PromisedRequestVerifier;
import io.netty.handler.codec.http2.Http2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/2 client connection: Netty's connection handler speaks the protocol (HPACK, flow control,
 * the flood limits set by {@link Http2Connection}); this class turns each request stream into an
 * exchange — a {@link FrontendHandler} driven through its {@link Http2StreamIo} — without a channel
 * or pipeline per stream. Frames become the HTTP/1 message objects the exchange works with; its
 * answers become frames on the stream; the streams' flushes of one batch of event-loop work become
 * one (one pass of the flow controller, one TLS record, one write).
 */
final class Http2Frontend extends Http2ConnectionHandler implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Http2Frontend.class);

  /**
   * The connection's receive window: room for every stream's window at once, so streams that are
   * paused cannot hold up the others. What a stream may send is still bounded by its own window.
   */
  static final int CONNECTION_WINDOW =
      Http2Connection.MAX_CONCURRENT_STREAMS * Http2CodecUtil.DEFAULT_WINDOW_SIZE;

  private final Listener listener;
  private final Upstreams upstreams;

  private final FrontendHandler.Peer peer;

  private final io.netty.handler.codec.http2.Http2Connection.PropertyKey exchangeKey;

  /** Streams that got frames in the current read; their exchanges' {@code readComplete} is due. */
  private final ArrayList<Http2StreamIo> touched = new ArrayList<>(8);

  private ChannelHandlerContext ctx;

  /** {@code timeouts.httpKeepAlive}: how long the connection may stay without an open stream. */
  private final long keepAliveNanos;

  /** When the connection last read, or a stream of it closed (the event loop's ticker). */
  private long lastActive;

  private final IdleCheck idleCheck = new IdleCheck();

  /** A flush was asked for and runs after the current batch of event-loop work. */
  private boolean flushPending;

  private Http2Frontend(
      Http2ConnectionDecoder decoder,
      Http2ConnectionEncoder encoder,
      Http2Settings settings,
      Listener listener,
      Upstreams upstreams,
      FrontendHandler.Peer peer) {
    super(decoder, encoder, settings);
    this.listener = listener;
    this.upstreams = upstreams;
    this.peer = peer;
    this.keepAliveNanos = listener.current().keepAliveNanos;
    this.exchangeKey = connection().newKey();
    decoder.frameListener(new Frames());
    encoder.flowController().listener(new Writability());
    connection().addListener(new Closes());
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    this.ctx = ctx;
    super.handlerAdded(ctx);
    // The connection's receive window holds every stream's (RFC 9113 §6.9): at the default 64 KiB
    // one paused upload (its backend not reading) would stall the body of every other stream.
    Http2Stream connectionStream = connection().connectionStream();
    int grow = CONNECTION_WINDOW - decoder().flowController().windowSize(connectionStream);
    if (grow > 0) {
      decoder().flowController().incrementWindowSize(connectionStream, grow);
    }
    lastActive = ctx.executor().ticker().nanoTime();
    idleCheck.schedule(keepAliveNanos);
  }

  /** Streams' flushes: at most one task away, and one per batch. */
  void requestFlush() {
    if (!flushPending) {
      flushPending = true;
      ctx.executor().execute(this);
    }
  }

  /** The batch's one flush. */
  @Override
  public void run() {
    if (flushPending) {
      flushPending = false;
      flush(ctx);
    }
  }

  /**
   * Acknowledges {@code n} bytes of a stream's DATA (a WINDOW_UPDATE when enough have gathered).
   */
  void consume(Http2Stream stream, int n) {
    try {
      decoder().flowController().consumeBytes(stream, n);
      requestFlush();
    } catch (Http2Exception e) {
      onError(ctx, false, e);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
    for (int i = 0; i < touched.size(); i++) {
      Http2StreamIo io = touched.get(i);
      io.touched = false;
      if (io.isActive()) {
        try {
          io.exchange.readComplete();
        } catch (RuntimeException e) {
          failed(io, e);
        }
      }
    }
    touched.clear();
    lastActive = ctx.executor().ticker().nanoTime();
    super.channelReadComplete(ctx);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (!ctx.channel().isWritable()) {
      run(); // what is held goes out now, so the socket can drain and writability return
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
    run();
    super.close(ctx, promise);
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
    run();
    idleCheck.cancel();
    super.handlerRemoved0(ctx);
  }

  /**
   * Closes the connection (GOAWAY; what is open finishes) once it has had no open stream and read
   * nothing for {@code timeouts.httpKeepAlive}. A timer task per connection, not a handler that
   * watches every write: the last stream's close and each batch of reads stamp the time.
   */
  private final class IdleCheck implements Runnable {
    private ScheduledFuture<?> pending;

    void schedule(long delayNanos) {
      if (keepAliveNanos > 0) {
        pending = ctx.executor().schedule(this, delayNanos, TimeUnit.NANOSECONDS);
      }
    }

    void cancel() {
      if (pending != null) {
        pending.cancel(false);
        pending = null;
      }
    }

    @Override
    public void run() {
      pending = null;
      if (!ctx.channel().isActive()) {
        return;
      }
      if (connection().numActiveStreams() > 0) {
        schedule(keepAliveNanos);
        return;
      }
      long idle = ctx.executor().ticker().nanoTime() - lastActive;
      if (idle >= keepAliveNanos) {
        ctx.channel().close();
      } else {
        schedule(keepAliveNanos - idle);
      }
    }
  }

  /** An exchange threw: its stream is reset, the connection and its other streams go on. */
  private void failed(Http2StreamIo io, RuntimeException e) {
    log.warn("HTTP/2 stream {} failed; resetting it", io.stream.id(), e);
    io.close();
  }

  private Http2StreamIo io(Http2Stream stream) {
    return stream == null ? null : stream.getProperty(exchangeKey);
  }

  private void touch(Http2StreamIo io) {
    if (!io.touched) {
      io.touched = true;
      touched.add(io);
    }
  }

  /** A new request stream: its exchange, then the request head (and end, if it has no body). */
  private void open(Http2Stream stream, Http2Headers headers, boolean endStream) {
    HttpRequest req = Http2Messages.toRequest(headers);
    if (req == null) {
      resetStream(ctx, stream.id(), Http2Error.PROTOCOL_ERROR.code(), ctx.newPromise());
      requestFlush();
      return;
    }
    if (!endStream && !req.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      // A body of unknown length: chunked toward an HTTP/1.1 server.
      req.headers().add(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    FrontendHandler exchange = new FrontendHandler(listener, upstreams, true);
    Http2StreamIo io = new Http2StreamIo(this, ctx, stream, exchange);
    stream.setProperty(exchangeKey, io);
    touch(io);
    try {
      exchange.attach(io);
      exchange.opened(peer);
      exchange.onClientBytes(0);
      exchange.read(req);
      if (endStream) {
        exchange.read(LastHttpContent.EMPTY_LAST_CONTENT);
      }
    } catch (RuntimeException e) {
      failed(io, e);
    }
  }

  /** The connection's frames for request streams. */
  private final class Frames extends Http2FrameAdapter {
    @Override
    public void onHeadersRead(
        ChannelHandlerContext ctx,
        int streamId,
        Http2Headers headers,
        int streamDependency,
        short weight,
        boolean exclusive,
        int padding,
        boolean endStream) {
      onHeadersRead(ctx, streamId, headers, padding, endStream);
    }

    @Override
    public void onHeadersRead(
        ChannelHandlerContext ctx,
        int streamId,
        Http2Headers headers,
        int padding,
        boolean endStream) {
      Http2Stream stream = connection().stream(streamId);
      if (stream == null) {
        return;
      }
      Http2StreamIo io = io(stream);
      if (io == null) {
        open(stream, headers, endStream);
        return;
      }
      // Trailers: the decoder lets a second HEADERS through only with END_STREAM.
      HttpHeaders trailers = new DefaultHttpHeaders(false);
      for (Map.Entry<CharSequence, CharSequence> e : headers) {
        trailers.add(e.getKey(), e.getValue());
      }
      touch(io);
      try {
        io.exchange.read(new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, trailers));
      } catch (RuntimeException e) {
        failed(io, e);
      }
    }

    @Override
    public int onDataRead(
        ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endStream) {
      int n = data.readableBytes() + padding;
      Http2StreamIo io = io(connection().stream(streamId));
      if (io == null || !io.isActive()) {
        return n;
      }
      touch(io);
      try {
        io.exchange.onClientBytes(data.readableBytes());
        io.exchange.read(
            endStream
                ? new DefaultLastHttpContent(data.retain())
                : new DefaultHttpContent(data.retain()));
      } catch (RuntimeException e) {
        failed(io, e);
        return n;
      }
      return io.processed(n);
    }
  }

  /** A stream's writability (its window and the connection's) reaches its exchange. */
  private final class Writability implements Http2RemoteFlowController.Listener {
    @Override
    public void writabilityChanged(Http2Stream stream) {
      Http2StreamIo io = io(stream);
      if (io != null && io.isActive()) {
        try {
          io.exchange.writabilityChanged();
        } catch (RuntimeException e) {
          failed(io, e);
        }
      }
    }
  }

  /** A stream closed (both ends done, a reset, GOAWAY, the connection): its exchange ends. */
  private final class Closes extends Http2ConnectionAdapter implements Runnable {
    /**
     * Streams closed since the task ({@link #run}) was queued; their exchanges hear of it there.
     */
    private final ArrayList<Http2StreamIo> closed = new ArrayList<>(8);

    @Override
    public void onStreamClosed(Http2Stream stream) {
      if (connection().numActiveStreams() == 0) {
        lastActive = ctx.executor().ticker().nanoTime(); // idle from now on
      }
      Http2StreamIo io = io(stream);
      if (io == null) {
        return;
      }
      io.markClosed();
      closed.add(io);
      if (closed.size() == 1) {
        try {
          ctx.executor().execute(this); // one task for the batch's closes
        } catch (RejectedExecutionException shuttingDown) {
          run();
        }
      }
    }

    @Override
    public void run() {
      // By index: a close told here may close more streams, which join this list.
      for (int i = 0; i < closed.size(); i++) {
        Http2StreamIo io = closed.get(i);
        try {
          io.run();
        } catch (RuntimeException e) {
          log.warn("HTTP/2 stream {}: its exchange failed to end", io.stream.id(), e);
        }
      }
      closed.clear();
    }
  }

  /**
   * Builds the handler with the connection's settings and flood limits, around a codec of its own
   * making: Netty's decoder and encoder with {@link Http2FrameBatch} as the frame writer (its
   * builder has no place for one) and {@link Http2EncoderLimits} for the limits the builder would
   * have put around its encoder.
   */
  static final class Builder extends AbstractHttp2ConnectionHandlerBuilder<Http2Frontend, Builder> {
    private final Listener listener;
    private final Upstreams upstreams;
    private final FrontendHandler.Peer peer;
    private Http2Settings settings = Http2Settings.defaultSettings();
    private int maxRst;
    private int rstWindowSeconds;
    private int maxQueuedControlFrames;
    private int maxEmptyData;
    private int maxSmallContinuations;

    Builder(Listener listener, Upstreams upstreams, FrontendHandler.Peer peer) {
      this.listener = listener;
      this.upstreams = upstreams;
      this.peer = peer;
    }

    Builder settings(Http2Settings s) {
      this.settings = s;
      return initialSettings(s);
    }

    Builder limits(
        int maxRst,
        int rstWindowSeconds,
        int maxQueuedControlFrames,
        int maxEmptyData,
        int maxSmallContinuations) {
      this.maxRst = maxRst;
      this.rstWindowSeconds = rstWindowSeconds;
      this.maxQueuedControlFrames = maxQueuedControlFrames;
      this.maxEmptyData = maxEmptyData;
      this.maxSmallContinuations = maxSmallContinuations;
      return this;
    }

    Http2Frontend create() {
      DefaultHttp2Connection c = new DefaultHttp2Connection(true);
      Http2FrameBatch writer = new Http2FrameBatch(new DefaultHttp2HeadersEncoder());
      // Streams share the connection's window in turn, without HTTP/2 priorities (which RFC 9113
      // deprecates): cheaper per stream than Netty's default weighted fair queue. What the flow
      // controller writes joins the batch, which goes down the pipeline before the flush.
      c.remote()
          .flowController(
              new DefaultHttp2RemoteFlowController(c, new UniformStreamByteDistributor(c)) {
                @Override
                public void writePendingBytes() throws Http2Exception {
                  super.writePendingBytes();
                  writer.emit();
                }
              });
      Http2ConnectionEncoder encoder =
          new Http2EncoderLimits(
              new DefaultHttp2ConnectionEncoder(c, writer),
              maxQueuedControlFrames,
              maxRst,
              rstWindowSeconds);
      Long maxHeaderList = settings.maxHeaderListSize();
      DefaultHttp2FrameReader reader =
          new DefaultHttp2FrameReader(
              new DefaultHttp2HeadersDecoder(
                  true,
                  maxHeaderList == null ? Http2CodecUtil.DEFAULT_HEADER_LIST_SIZE : maxHeaderList),
              maxSmallContinuations);
      Http2ConnectionDecoder decoder =
          new DefaultHttp2ConnectionDecoder(
              c,
              encoder,
              reader,
              Http2PromisedRequestVerifier.ALWAYS_VERIFY,
              true,
              true,
              true,
              false);
      // The decoder's limits are set before the codec: Netty's builder puts them around it.
      decoderEnforceMaxRstFramesPerWindow(maxRst, rstWindowSeconds);
      decoderEnforceMaxConsecutiveEmptyDataFrames(maxEmptyData);
      codec(decoder, encoder);
      Http2Frontend frontend = build();
      writer.onBatchStart(frontend::requestFlush);
      return frontend;
    }

    @Override
    protected Http2Frontend build(
        Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings) {
      return new Http2Frontend(decoder, encoder, settings, listener, upstreams, peer);
    }
  }
}
