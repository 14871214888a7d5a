package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.accesslog.AccessLogWriter;
import io.breakwater.dataplane.accesslog.AccessRecord;
import io.breakwater.dataplane.accesslog.Termination;
import io.breakwater.dataplane.balance.PickContext;
import io.breakwater.dataplane.config.Faults;
import io.breakwater.dataplane.config.Retries;
import io.breakwater.dataplane.config.StatusRange;
import io.breakwater.dataplane.policy.Answer;
import io.breakwater.dataplane.policy.ExchangeVars;
import io.breakwater.dataplane.policy.RoutePolicy;
import io.breakwater.dataplane.proxy.DeadlineTimer.Kind;
import io.breakwater.dataplane.resilience.RetryDecision;
import io.breakwater.dataplane.stats.CapturedBytes;
import io.breakwater.dataplane.stats.ProxyErrorKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One client connection, from accept to close: it routes each request, obtains a server slot and a
 * connection, streams the request up and the response down, and applies timeouts and limits.
 *
 * <p>This class is longer than the project's handler guideline because it is the exchange state
 * machine; what can live elsewhere does: header rules ({@link HeaderRules}), local answers ({@link
 * LocalResponses}), attempt bookkeeping and breaker permits ({@link Attempts}), body replay ({@link
 * ReplayBuffer}), and the decisions themselves (route, balance and resilience packages). Everything
 * here runs on the connection's event loop, and so does the upstream connection it uses, so no
 * field needs synchronization.
 *
 * <p>Back-pressure: both channels read automatically. When a write makes the peer channel
 * unwritable (its outbound buffer crossed the high watermark), reading from this side stops until
 * the peer drains. That bounds buffering exactly as read-after-write does, without a syscall per
 * read to re-arm interest.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter
    implements UpstreamHandler.Owner, PickContext, DeadlineTimer.Expiry {

  /** Body bytes held while the upstream connection is being made, before reading pauses. */
  static final int PENDING_BODY_LIMIT = 64 * 1024;

  /**
   * Requests a client may pipeline behind the one in progress: {@value}. Later ones are dropped
   * unanswered and the connection closes after the last held one is answered, which RFC 9112 §9.3.2
   * allows (the client retries what got no answer). Bounds what one read can make the proxy hold.
   */
  static final int MAX_PIPELINED = 32;

  /** How often a request follows newer server sets published while it was choosing. */
  private static final int MAX_DISPATCH_ATTEMPTS = 3;

  private enum State {
    IDLE,
    ACTIVE,
    TUNNEL,
    CLOSED
  }

  private final Listener listener;
  private final Upstreams upstreams;
  private final ClientIdentity client = new ClientIdentity();
  private final ExchangeVars vars = new ExchangeVars();
  private final boolean stream;
  private ChannelHandlerContext ctx;
  private Channel channel;
  private ClientIo io;
  private DeadlineTimer timer;
  private InetAddress clientAddress;
  private String clientIp;
  private String localPort;
  private FrontendState frontendState;

  private State state = State.IDLE;
  private boolean headStarted;
  private boolean inRead;
  private ArrayDeque<Object> pipelined;
  private int pipelinedRequests;
  private boolean pipelineFull;
  private ArrayDeque<Held> held;

  // The current exchange; reset by endExchange().
  private int exchange;
  private FrontendRuntime frontend;
  private BackendRuntime backend;
  private HttpRequest request;
  private String path;
  private boolean keepAlive;
  private boolean http10;
  private boolean headRequest;
  private boolean upgrade;
  private boolean bodyless;
  private boolean requestComplete;
  private boolean responseStarted;
  private boolean interim;
  private boolean switching;
  private boolean closeAfter;
  private boolean upstreamReusable;
  private boolean retried;
  private int status;
  private ServerState server;
  private UpstreamHandler upstream;
  private QueueTicket ticket;
  private ArrayDeque<HttpContent> pendingBody;
  private int pendingBytes;
  // Attempts of the current exchange (retries, replay, breaker permits).
  private final Attempts attempts = new Attempts();

  /** The retry or fault delay waiting to run, if any. */
  private ScheduledFuture<?> retryTask;

  private int faultStatus;

  /** The request is a gRPC call (only looked for on HTTP/2 streams). */
  private boolean grpc;

  /** The gRPC call's deadline ({@code grpc-timeout}) waiting to pass, if any. */
  private ScheduledFuture<?> deadlineTask;

  /** The gRPC deadline passed: the proxy's answer says DEADLINE_EXCEEDED. */
  private boolean deadlinePassed;

  /** The route's compiled traffic policy; null when it has none (no policy work at all). */
  private RoutePolicy policy;

  /** Fields a policy answer adds ({@code Retry-After}); null otherwise. */
  private HttpHeaders answerHeaders;

  private String requestId;
  private MirrorCopy mirror;
  private long bodyLimit;
  private long bodySeen;
  // Phase timestamps of the exchange (ticker nanos; 0 = did not happen).
  private long tRequest;
  private long tEnqueued;
  private long queueNanos;
  private long tConnect;
  private long connectNanos;
  private long responseNanos;
  // Access-log facts of the exchange (only read when the log is on).
  private long tFirstByte;
  private String serverName;
  private long bytesIn;
  private long bytesOut;
  private long exchangeBytesIn;
  private long exchangeBytesOut;
  private int clientPort;
  private boolean flushUpstream;
  private boolean flushClient;

  /** When the connection was accepted (System.nanoTime), for {@code show sess}. */
  private final long acceptedNanos = System.nanoTime();

  FrontendHandler(Listener listener, Upstreams upstreams) {
    this(listener, upstreams, false);
  }

  /**
   * @param stream serves one HTTP/2 stream: the connection's bytes and its open/close are counted
   *     by the connection, not here
   */
  FrontendHandler(Listener listener, Upstreams upstreams, boolean stream) {
    this.stream = stream;
    this.listener = listener;
    this.upstreams = upstreams;
  }

  long acceptedNanos() {
    return acceptedNanos;
  }

  /** The frontend the connection belongs to now (read from any thread). */
  String frontendName() {
    return listener.current().config.name();
  }

  EventExecutor executor() {
    return io.eventLoop();
  }

  // ---- connection lifecycle ----

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.channel = ctx.channel();
    attach(new ClientIo.OfContext(ctx));
  }

  /**
   * The exchange's client side. A pipeline handler gets its context's; an HTTP/2 stream served
   * without a child channel gets its stream's, and is then driven through {@link #opened}, {@link
   * #read}, {@link #readComplete}, {@link #writabilityChanged} and {@link #closed} instead of the
   * Netty callbacks (docs/notes/h2-frontend-plan.md).
   */
  void attach(ClientIo io) {
    this.io = io;
    this.timer = new DeadlineTimer(io.eventLoop(), this);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    opened();
    ctx.fireChannelActive();
  }

  /** The client side is open: the request timer starts. */
  void opened() {
    opened(Peer.of(io.remoteAddress()));
  }

  /**
   * The client side is open, from {@code peer} (an HTTP/2 stream gets its connection's, worked out
   * once, the PROXY header's source included): the request timer starts.
   */
  void opened(Peer peer) {
    usePeer(peer);
    // The listener's port, not the socket's: asking the socket costs a system call per connection.
    localPort = listener.portText();
    frontendState = listener.current().state;
    if (!stream) {
      frontendState.connectionOpened();
    }
    timer.arm(Kind.HTTP_REQUEST, listener.current().httpRequestNanos);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closed();
  }

  /** The client side closed (or, for a stream, the stream closed or was reset). */
  void closed() {
    if (state == State.ACTIVE) {
      frontendState.stats().error(ProxyErrorKind.CLIENT_ABORTED);
      logExchange(
          Termination.of(
              Termination.Cause.CLIENT_ABORT,
              responseStarted ? Termination.Phase.DATA : Termination.Phase.HEADERS));
    } else if (state == State.TUNNEL) {
      frontendState.stats().error(ProxyErrorKind.CLIENT_ABORTED);
    }
    state = State.CLOSED;
    timer.cancel();
    abandonExchange();
    releasePipelined();
    if (held != null) {
      for (Held h; (h = held.poll()) != null; ) {
        h.data.release();
      }
    }
    if (!stream) {
      frontendState.connectionClosed();
    }
  }

  /** Who the client is: its address (null when not an IP peer), as text, and its port. */
  record Peer(InetAddress address, String ip, int port) {
    static Peer of(SocketAddress a) {
      if (a instanceof InetSocketAddress remote) {
        InetAddress addr = remote.getAddress();
        return new Peer(addr, addr.getHostAddress(), remote.getPort());
      }
      return new Peer(null, "unknown", 0);
    }

    /**
     * The client a PROXY protocol header names: its source; {@code socket} for a {@code LOCAL}
     * header (the load balancer's own health check) or an unknown family; null when the source is
     * not an IP literal (the connection is closed). Not released here.
     */
    static Peer of(HAProxyMessage m, Peer socket) {
      if (m.command() != HAProxyCommand.PROXY || m.sourceAddress() == null) {
        return socket;
      }
      // Parsed as a literal, never looked up: nothing here may block the event loop.
      InetAddress a = NetUtil.createInetAddressFromIpAddressString(m.sourceAddress());
      return a == null ? null : new Peer(a, a.getHostAddress(), m.sourcePort());
    }
  }

  /** This connection's client: the socket's peer, or the PROXY header's source when one came. */
  Peer peer() {
    return new Peer(clientAddress, clientIp, clientPort);
  }

  /**
   * The connection turned out to speak HTTP/2 and this handler leaves the pipeline: its timer stops
   * and the connection is counted closed when the socket closes. Each stream gets its own handler.
   */
  void handOver() {
    state = State.CLOSED;
    timer.cancel();
    FrontendState fs = frontendState;
    channel.closeFuture().addListener(f -> fs.connectionClosed());
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == ProxyEngine.DRAIN) {
      if (state == State.IDLE && !headStarted) {
        closeNow();
      } else {
        closeAfter = true;
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // I/O errors (reset by peer and the like) end the connection; channelInactive cleans up.
    ctx.close();
  }

  /** Raw bytes arrived (from {@link ClientProbe}, before decoding). */
  void onClientBytes(int n) {
    if (!stream) {
      frontendState.stats().bytesIn(n);
    }
    bytesIn += n;
    if (state == State.IDLE) {
      if (!headStarted) {
        headStarted = true;
        tFirstByte = now();
        // From the first byte of a keep-alive request; a new connection's clock runs from accept.
        if (timer.kind() != Kind.HTTP_REQUEST) {
          timer.arm(Kind.HTTP_REQUEST, listener.current().httpRequestNanos);
        }
      }
    } else if (timer.kind() == Kind.CLIENT) {
      timer.arm(Kind.CLIENT, clientNanos());
    } else if (state == State.TUNNEL) {
      timer.arm(Kind.TUNNEL, backend.tunnelTimeoutNanos);
    }
  }

  void onClientBytesOut(int n) {
    if (!stream) {
      frontendState.stats().bytesOut(n);
    }
    bytesOut += n;
  }

  // ---- reading from the client ----

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    read(msg);
  }

  /** A message from the client: an HTTP/1 message object, raw tunnel bytes, a PROXY header. */
  void read(Object msg) {
    inRead = true;
    if (msg instanceof HAProxyMessage m) {
      onProxyHeader(m);
      return;
    }
    handleInbound(msg);
  }

  private void handleInbound(Object msg) {
    switch (state) {
      case CLOSED -> ReferenceCountUtil.release(msg);
      case TUNNEL -> forwardTunnel(msg);
      case ACTIVE -> {
        if (msg instanceof HttpRequest || (pipelined != null && !pipelined.isEmpty())) {
          holdPipelined(msg);
        } else if (msg instanceof HttpContent c) {
          onRequestContent(c);
        } else {
          ReferenceCountUtil.release(msg);
        }
      }
      case IDLE -> {
        if (msg instanceof HttpRequest req) {
          onRequestHead(req);
        } else {
          // Content without a head: the rest of a request answered locally, or garbage.
          ReferenceCountUtil.release(msg);
        }
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    readComplete();
  }

  /** The end of a batch of reads: what was written upstream meanwhile is flushed. */
  void readComplete() {
    inRead = false;
    flushUpstreamIfNeeded();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    writabilityChanged();
  }

  /** The client side's writability changed (see {@link ClientIo#isWritable}). */
  void writabilityChanged() {
    if (io.isWritable()) {
      if (upstream != null) {
        upstream.channel().config().setAutoRead(true);
      }
      if (timer.kind() == Kind.CLIENT_WRITE) {
        writeResumed();
      }
    }
  }

  /**
   * The client stopped reading: what was written to it sits above the high watermark. From now on
   * {@code timeouts.client} runs (HAProxy's {@code timeout client} covers both directions); the
   * server side already stopped reading, so the server timeout must not run meanwhile and blame it.
   */
  private void writeStalled() {
    if (timer.kind() != Kind.CLIENT_WRITE) {
      timer.arm(Kind.CLIENT_WRITE, clientNanos());
    }
  }

  /**
   * The client timeout now: the route's {@code policy.clientTimeout} once a request is routed where
   * one is set, else the frontend's {@code timeouts.client}.
   */
  private long clientNanos() {
    if (policy != null && policy.clientNanos() > 0) {
      return policy.clientNanos();
    }
    return (frontend != null ? frontend : listener.current()).clientNanos;
  }

  /** The client drained below the low watermark: the timeout of the state it is in runs again. */
  private void writeResumed() {
    switch (state) {
      case ACTIVE -> timer.arm(Kind.SERVER, backend.serverTimeoutNanos);
      case TUNNEL -> timer.arm(Kind.TUNNEL, backend.tunnelTimeoutNanos);
      case IDLE -> timer.arm(Kind.KEEP_ALIVE, listener.current().keepAliveNanos);
      // Closing after a flush that has not finished: a fresh stall allowance for the rest.
      case CLOSED -> timer.arm(Kind.CLIENT_WRITE, clientNanos());
    }
  }

  /**
   * A request that arrived before the previous response finished (HTTP/1.1 pipelining). It waits,
   * with reading paused, until the connection is idle again; responses go out in order.
   */
  private void holdPipelined(Object msg) {
    if (msg instanceof HttpRequest && pipelinedRequests == MAX_PIPELINED) {
      pipelineFull = true;
    }
    if (pipelineFull) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (pipelined == null) {
      pipelined = new ArrayDeque<>(4);
    }
    if (msg instanceof HttpRequest) {
      pipelinedRequests++;
    }
    pipelined.add(msg);
    io.setAutoRead(false);
  }

  private void runPipelined() {
    while (state == State.IDLE && pipelined != null && !pipelined.isEmpty()) {
      Object next = pipelined.poll();
      if (next instanceof HttpRequest && --pipelinedRequests == 0 && pipelineFull) {
        closeAfter = true; // the last request answered on this connection
      }
      handleInbound(next);
      while (state == State.ACTIVE
          && !pipelined.isEmpty()
          && pipelined.peek() instanceof HttpContent) {
        // Straight to the body: handleInbound would queue it again behind what is still held.
        onRequestContent((HttpContent) pipelined.poll());
      }
    }
    if (pipelineFull && state == State.IDLE) {
      closeAfterFlush();
      return;
    }
    flushUpstreamIfNeeded();
    if ((pipelined == null || pipelined.isEmpty()) && state != State.CLOSED && !io.isAutoRead()) {
      io.setAutoRead(true);
    }
  }

  private void releasePipelined() {
    if (pipelined != null) {
      Object m;
      while ((m = pipelined.poll()) != null) {
        ReferenceCountUtil.release(m);
      }
    }
  }

  /**
   * The PROXY protocol header: its source is the client. A {@code LOCAL} header (the load
   * balancer's own health check) or an unknown family keeps the socket's peer.
   */
  private void onProxyHeader(HAProxyMessage m) {
    Peer p;
    try {
      p = Peer.of(m, peer());
    } finally {
      m.release();
    }
    if (p == null) {
      ctx.close();
      return;
    }
    usePeer(p);
  }

  /** The connection's client from now on. */
  private void usePeer(Peer p) {
    clientAddress = p.address();
    clientIp = p.ip();
    clientPort = p.port();
    if (clientAddress != null) {
      client.peer(clientAddress, clientIp);
    }
  }

  private void onRequestHead(HttpRequest req) {
    if (req.decoderResult().isFailure()) {
      Throwable cause = req.decoderResult().cause();
      ReferenceCountUtil.release(req);
      state = State.ACTIVE;
      frontend = listener.current();
      keepAlive = false;
      http10 = false;
      headRequest = false;
      ProxyErrorKind kind = rejectionFor(cause);
      captureError(kind, cause, false);
      localError(kind);
      return;
    }
    state = State.ACTIVE;
    headStarted = false;
    exchange++;
    tRequest = now();
    if (tFirstByte == 0) {
      tFirstByte = tRequest; // a pipelined request: its bytes came with the previous one's
    }
    exchangeBytesIn = bytesIn;
    exchangeBytesOut = bytesOut;
    queueNanos = -1;
    connectNanos = -1;
    responseNanos = -1;
    frontend = listener.current();
    frontend.state.stats().request();
    request = req;
    http10 = HeaderRules.isHttp10(req);
    keepAlive = HttpUtil.isKeepAlive(req);
    headRequest = HttpMethod.HEAD.equals(req.method());
    bodyless = !HttpUtil.isTransferEncodingChunked(req) && HttpUtil.getContentLength(req, 0L) == 0;
    String uri = req.uri();
    String hostHeader = req.headers().get(HttpHeaderNames.HOST);
    client.resolve(req.headers(), frontend.trustedProxies, frontend.scheme);
    clientIp = client.ip;
    requestId = requestId(req);
    if (stream && Grpc.isGrpc(req)) {
      startGrpc(req); // before routing: every answer to a gRPC call is gRPC-shaped
    }
    RouteTarget target = frontend.route(hostHeader, uri);
    if (target == null) {
      localError(ProxyErrorKind.NO_ROUTE);
      return;
    }
    backend = target.backendFor(req.headers());
    backend.state.stats().request();
    policy = target.policy();
    if (policy != null && applyPolicy(req, hostHeader)) {
      return;
    }
    if (backend.maxBodySize > 0 && bodyLimit == 0 && !bodyless) {
      // The backend's limit, unless the route's policy set its own (which wins).
      bodyLimit = backend.maxBodySize;
      if (HttpUtil.getContentLength(req, 0L) > bodyLimit) {
        localError(ProxyErrorKind.PAYLOAD_TOO_LARGE);
        return;
      }
    }
    upgrade = HeaderRules.isUpgrade(req);
    // An HTTP/2 server may want TE: trailers (gRPC's do); the only TE value HTTP/2 allows.
    boolean teTrailers = backend.http2 && HeaderRules.acceptsTrailers(req);
    HeaderRules.prepareRequest(req, upgrade, client.peerIp(), client.scheme, localPort);
    if (teTrailers) {
      req.headers().set(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
    }
    if (target.mirror() != null && !upgrade) {
      mirror = target.mirror().start(req);
      if (mirror != null && bodyless) {
        sendMirror();
      }
    }
    attempts.start(
        backend.config.policy().retries(),
        bodyless,
        HttpUtil.getContentLength(req, -1L),
        backend.http2);
    timer.arm(Kind.CLIENT, clientNanos());
    Faults faults = target.faults();
    if (faults == null || !injectFault(faults)) {
      dispatch();
    }
  }

  /**
   * The request's id: the one it carries, else a new one when the frontend generates ids (32 hex
   * digits, as nginx's {@code $request_id}), set on the request so the server sees it too.
   */
  private String requestId(HttpRequest req) {
    String id = req.headers().get(frontend.requestIdHeader);
    if (id == null && frontend.generateRequestId) {
      ThreadLocalRandom r = ThreadLocalRandom.current();
      char[] b = new char[32];
      hex(b, 0, r.nextLong());
      hex(b, 16, r.nextLong());
      id = new String(b);
      req.headers().set(frontend.requestIdHeader, id);
    }
    return id;
  }

  private static void hex(char[] out, int from, long v) {
    for (int i = 15; i >= 0; i--) {
      out[from + i] = HEX[(int) v & 0xf];
      v >>>= 4;
    }
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * Runs the route's policy on the request. Returns true when the proxy answered it (refusal,
   * redirect, preflight); otherwise the request was changed as the policy says.
   */
  private boolean applyPolicy(HttpRequest req, String hostHeader) {
    vars.clientIp = client.ip;
    vars.requestId = requestId == null ? "" : requestId;
    vars.hostHeader(hostHeader);
    vars.scheme = client.scheme;
    vars.origin = null;
    Answer a = policy.onRequest(req, vars, client.bits, now());
    bodyLimit = policy.maxBodySize();
    if (a == null) {
      return false;
    }
    answerHeaders = a.headers();
    if (a.kind() != null) {
      faultStatus = a.status();
      localError(a.kind());
    } else {
      localAnswer(a.status());
    }
    return true;
  }

  /** Sends the complete mirror copy; the exchange forgets it. */
  private void sendMirror() {
    MirrorCopy m = mirror;
    mirror = null;
    m.send(io.eventLoop());
  }

  /** Keeps a malformed request or response for {@code show errors}; the error path only. */
  private void captureError(ProxyErrorKind kind, Throwable cause, boolean response) {
    String client = ProxyEngine.addressText(io.remoteAddress());
    frontend
        .state
        .errors()
        .record(
            System.currentTimeMillis(),
            frontend.config.name(),
            client,
            response,
            backend == null ? null : backend.config.name(),
            server == null ? null : server.name(),
            kind,
            cause == null ? null : String.valueOf(cause.getMessage()),
            capturedBytes(response));
  }

  /** The bytes the HTTP/1.1 codec kept of the refused message; none from HTTP/2 streams. */
  private CapturedBytes capturedBytes(boolean response) {
    if (response) {
      Http1ClientCodec codec =
          upstream == null ? null : upstream.channel().pipeline().get(Http1ClientCodec.class);
      return codec == null ? null : codec.takeCapture();
    }
    Http1ServerCodec codec =
        channel == null ? null : channel.pipeline().get(Http1ServerCodec.class);
    return codec == null ? null : codec.takeCapture();
  }

  private static ProxyErrorKind rejectionFor(Throwable cause) {
    if (cause instanceof RequestRejection r) {
      return r.kind();
    }
    if (cause instanceof TooLongHttpLineException) {
      return ProxyErrorKind.URI_TOO_LONG;
    }
    if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
      return ProxyErrorKind.HEADERS_TOO_LARGE;
    }
    return ProxyErrorKind.BAD_REQUEST;
  }

  private void onRequestContent(HttpContent c) {
    if (c.decoderResult().isFailure()) {
      captureError(ProxyErrorKind.BAD_REQUEST, c.decoderResult().cause(), false);
      c.release();
      if (responseStarted) {
        closeNow();
      } else {
        keepAlive = false;
        localError(ProxyErrorKind.BAD_REQUEST);
      }
      return;
    }
    boolean last = c instanceof LastHttpContent;
    if (bodyLimit > 0 && (bodySeen += c.content().readableBytes()) > bodyLimit) {
      c.release();
      bodyLimit = 0;
      if (responseStarted) {
        closeNow();
      } else {
        keepAlive = false;
        localError(
            policy != null && policy.maxBodySize() > 0
                ? ProxyErrorKind.BODY_TOO_LARGE
                : ProxyErrorKind.PAYLOAD_TOO_LARGE);
      }
      return;
    }
    if (mirror != null) {
      if (!mirror.content(c)) {
        mirror = null; // over its body limit: dropped
      } else if (last) {
        sendMirror();
      }
    }
    if (responseStarted && upstream == null && !switching) {
      // Answered already (locally, or the server finished early): the rest is dropped.
      c.release();
    } else if (upstream != null) {
      sendUpstream(c);
      flushUpstream = true;
      if (!upstream.channel().isWritable()) {
        io.setAutoRead(false);
      }
    } else {
      if (pendingBody == null) {
        pendingBody = new ArrayDeque<>(4);
      }
      pendingBody.add(c);
      pendingBytes += c.content().readableBytes();
      if (pendingBytes > PENDING_BODY_LIMIT) {
        io.setAutoRead(false);
      }
    }
    if (last) {
      requestComplete = true;
      if (!responseStarted && ticket == null && retryTask == null) {
        timer.arm(Kind.SERVER, backend != null ? attemptTimeoutNanos() : clientNanos());
      }
    }
  }

  private void flushUpstreamIfNeeded() {
    if (flushUpstream) {
      flushUpstream = false;
      if (upstream != null) {
        upstream.flush();
      }
    }
  }

  /** Writes a body chunk to the server, keeping a copy when a retry may need to replay it. */
  private void sendUpstream(HttpContent c) {
    attempts.replay.keep(c);
    upstream.write(c);
  }

  /**
   * Applies fault injection (chaos experiments): an abort answers now with the configured status; a
   * delay postpones the dispatch. Returns true when the request was taken over.
   */
  private boolean injectFault(Faults faults) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Faults.Abort abort = faults.abort();
    if (abort != null && random.nextDouble() * 100 < abort.percent()) {
      backend.state.stats().faultAbort();
      faultStatus = abort.status();
      localError(ProxyErrorKind.FAULT_ABORT);
      return true;
    }
    Faults.Delay delay = faults.delay();
    if (delay != null && random.nextDouble() * 100 < delay.percent()) {
      backend.state.stats().faultDelay();
      int forExchange = exchange;
      retryTask =
          io.eventLoop()
              .schedule(
                  () -> {
                    retryTask = null;
                    if (forExchange == exchange && state == State.ACTIVE) {
                      dispatch();
                    }
                  },
                  delay.duration().toNanos(),
                  TimeUnit.NANOSECONDS);
      return true;
    }
    return false;
  }

  // ---- attempts and retries ----

  /**
   * An attempt failed before any response byte reached the client. Either a retry is scheduled (and
   * true returned), or the caller answers as it would without retries.
   *
   * @param kind the failure kind, or null for a response with {@code status}
   */
  private boolean retryAfter(Retries.On kind, int status) {
    ServerState failed = server;
    recordAttempt(kind == null ? status : 0, Attempts.describe(kind, status));
    RetryDecision decision =
        attempts.decide(
            kind,
            status,
            responseStarted,
            requestComplete,
            bodyless,
            request.method().name(),
            backend.hasEligibleOtherThan(failed),
            backend.state.budget());
    if (!decision.retry()) {
      return false;
    }
    if (!attempts.startRetryInFlight(
        backend.state, backend.config.policy().limits().maxRetries())) {
      backend.state.stats().error(ProxyErrorKind.OVERLOADED);
      return false;
    }
    closeUpstream();
    releaseServer();
    backend.state.stats().retry();
    if (failed != null) {
      failed.stats().retry();
    }
    long delay = attempts.retrying(failed, decision.redispatch(), ThreadLocalRandom.current());
    int forExchange = exchange;
    retryTask = io.eventLoop().schedule(() -> retryNow(forExchange), delay, TimeUnit.NANOSECONDS);
    return true;
  }

  private long now() {
    return LoopTime.now(io.eventLoop());
  }

  private void recordAttempt(int status, String why) {
    attempts.record(server, backend.config.policy().observe(), status, why, now());
  }

  private void finishBackendCall(Boolean failure) {
    attempts.finishBackendCall(failure, now());
  }

  private void retryNow(int forExchange) {
    retryTask = null;
    if (forExchange != exchange || state != State.ACTIVE) {
      return;
    }
    timer.arm(Kind.SERVER, attemptTimeoutNanos());
    dispatch();
  }

  /** How long an attempt may wait for its response head. */
  private long attemptTimeoutNanos() {
    Duration perTry = attempts.policy().perTryTimeout();
    return perTry != null ? perTry.toNanos() : backend.serverTimeoutNanos;
  }

  // ---- choosing a server and a connection ----

  /**
   * The backend's newest compiled runtime. The route was chosen on the snapshot the request started
   * with, but servers are chosen from the newest set: a swap that removed every server of the older
   * set must not turn into a 503 while the new set stands ready.
   */
  private BackendRuntime freshBackend() {
    BackendRuntime latest = backend.state.current();
    if (latest != null && latest != backend) {
      backend = latest;
    }
    return backend;
  }

  private void dispatch() {
    if (attempts.retries() == 0 && !retried) {
      if (!attempts.acquireBackendCall(backend.state.breaker(), now())) {
        localError(ProxyErrorKind.CIRCUIT_OPEN);
        return;
      }
      backend.state.budget().onRequest();
    }
    for (int attempt = 0; ; attempt++) {
      BackendState bs = freshBackend().state;
      if (bs.queued() == 0) {
        ServerState s = backend.pickAndAcquire(this, attempts.avoid());
        if (s != null) {
          ServerState avoided = attempts.avoid();
          if (avoided != null && s != avoided) {
            avoided.stats().redispatch();
            backend.state.stats().redispatch();
          }
          useServer(s);
          return;
        }
      }
      if (backend.balancer.anyEligible()) {
        enqueue(bs);
        return;
      }
      // Nothing eligible: final unless a swap published a newer server set meanwhile (swaps can
      // follow each other faster than a request picks).
      if (bs.current() == backend || attempt == MAX_DISPATCH_ATTEMPTS) {
        localError(ProxyErrorKind.NO_SERVER);
        return;
      }
    }
  }

  private void enqueue(BackendState bs) {
    int maxPending = backend.config.policy().limits().maxPendingRequests();
    if (maxPending > 0 && bs.queued() >= maxPending) {
      localError(ProxyErrorKind.OVERLOADED);
      return;
    }
    QueueTicket t = new QueueTicket(this, exchange, clientAddress, path());
    if (!bs.enqueue(t, backend.config.maxqueue())) {
      localError(ProxyErrorKind.QUEUE_FULL);
      return;
    }
    ticket = t;
    tEnqueued = now();
    timer.arm(Kind.QUEUE, backend.queueTimeoutNanos);
  }

  /** A queued request got a slot (runs on this loop, via {@link QueueTicket#assign}). */
  void onQueueAssigned(QueueTicket t, int forExchange, ServerState s) {
    if (ticket != t || forExchange != exchange || state != State.ACTIVE) {
      s.release();
      return;
    }
    ticket = null;
    queueNanos = now() - tEnqueued;
    if (s.removed()) {
      s.release();
      ServerState other = freshBackend().pickAndAcquire(this);
      if (other == null) {
        localError(ProxyErrorKind.NO_SERVER);
        return;
      }
      s = other;
    }
    if (requestComplete) {
      timer.arm(Kind.SERVER, attemptTimeoutNanos());
    } else {
      timer.arm(Kind.CLIENT, clientNanos());
    }
    useServer(s);
  }

  private void useServer(ServerState s) {
    if (!backend.state.tryStartRequest(backend.config.policy().limits().maxRequests())) {
      s.release();
      localError(ProxyErrorKind.OVERLOADED);
      return;
    }
    server = s;
    serverName = s.name();
    attempts.takeOutlierPermit(s);
    s.stats().request();
    if (!request.headers().contains(HttpHeaderNames.HOST)) {
      request.headers().set(HttpHeaderNames.HOST, s.hostHeader());
    }
    obtainConnection();
  }

  private void obtainConnection() {
    if (backend.http2) {
      obtainStream();
      return;
    }
    int loop = EventLoops.currentIndex();
    long now = now();
    UpstreamHandler u = upstreams.borrow(server, loop, now, backend.poolIdleNanos);
    if (u != null) {
      connectNanos = 0; // a pooled connection: no connect
      attach(u);
      return;
    }
    int maxConnections = backend.config.policy().limits().maxConnections();
    if (maxConnections > 0 && backend.state.connections() >= maxConnections) {
      localError(ProxyErrorKind.OVERLOADED);
      return;
    }
    int forExchange = exchange;
    tConnect = now();
    ChannelFuture f =
        upstreams.connect(
            server, io.eventLoop(), backend.connectTimeoutMillis, backend.poolIdleNanos);
    f.addListener((ChannelFutureListener) done -> onConnected(done, forExchange));
  }

  private void onConnected(ChannelFuture f, int forExchange) {
    onUpstreamReady(f.isSuccess() ? f.channel() : null, forExchange);
  }

  /**
   * A connection (or HTTP/2 stream) for exchange {@code forExchange} is ready, or failed ({@code
   * ch} null): attach it, or count the failure and retry or answer. One that arrives for an
   * exchange that has moved on is closed.
   */
  private void onUpstreamReady(Channel ch, int forExchange) {
    if (forExchange != exchange || state != State.ACTIVE || server == null || upstream != null) {
      if (ch != null) {
        ch.close();
      }
      return;
    }
    if (ch == null) {
      server.stats().error(ProxyErrorKind.CONNECT_FAILED);
      if (!retryAfter(Retries.On.CONN_FAILURE, 0)) {
        localError(ProxyErrorKind.CONNECT_FAILED);
      }
      return;
    }
    connectNanos = now() - tConnect;
    attach(UpstreamConnector.handlerOf(ch));
  }

  /**
   * An HTTP/2 backend: a stream on one of the loop's connections to the server with room, else on a
   * new connection (subject to the backend's connection limit like an HTTP/1.1 connect).
   */
  private void obtainStream() {
    int loop = EventLoops.currentIndex();
    Http2UpstreamConnection c = upstreams.http2Connection(server, loop);
    if (c == null) {
      int maxConnections = backend.config.policy().limits().maxConnections();
      if (maxConnections > 0 && backend.state.connections() >= maxConnections) {
        localError(ProxyErrorKind.OVERLOADED);
        return;
      }
      c = upstreams.connectHttp2(server, io.eventLoop(), loop, backend);
    }
    int forExchange = exchange;
    tConnect = now();
    Future<Http2StreamChannel> f = c.openStream();
    if (f.isDone()) {
      onStreamOpened(f, forExchange);
    } else {
      f.addListener(done -> onStreamOpened(f, forExchange));
    }
  }

  private void onStreamOpened(Future<Http2StreamChannel> f, int forExchange) {
    onUpstreamReady(f.isSuccess() ? f.getNow() : null, forExchange);
  }

  private void attach(UpstreamHandler u) {
    upstream = u;
    u.attach(this);
    Channel up = u.channel();
    attempts.sent(now());
    u.write(request);
    boolean again = attempts.retries() > 0 || retried;
    if (again) {
      attempts.replay.replayTo(up);
    }
    if (pendingBody != null && !pendingBody.isEmpty()) {
      HttpContent c;
      while ((c = pendingBody.poll()) != null) {
        sendUpstream(c);
      }
      pendingBytes = 0;
      if (!io.isAutoRead() && (pipelined == null || pipelined.isEmpty())) {
        io.setAutoRead(true);
      }
    } else if (again && requestComplete && bodyless && !attempts.replay.intact()) {
      // A bodyless request's (empty) end went to the first connection and is not held.
      u.write(LastHttpContent.EMPTY_LAST_CONTENT);
    }
    flushUpstream = true;
    if (!inRead) {
      // Attached from a connect callback, a queue hand-off or a retry: no read batch will flush.
      flushUpstreamIfNeeded();
    }
  }

  // ---- the response ----

  @Override
  public void onResponseHead(HttpResponse res) {
    if (res.decoderResult().isFailure()) {
      captureError(ProxyErrorKind.BAD_RESPONSE, res.decoderResult().cause(), true);
      ReferenceCountUtil.release(res);
      if (!responseStarted && retryAfter(Retries.On.JUNK_RESPONSE, 0)) {
        return;
      }
      upstreamFailed(ProxyErrorKind.BAD_RESPONSE);
      return;
    }
    int code = res.status().code();
    if (code >= 200
        && !responseStarted
        && !attempts.policy().statuses().isEmpty() // (before contains: it boxes the code)
        && attempts.policy().statuses().contains(code)
        && retryAfter(null, code)) {
      ReferenceCountUtil.release(res);
      return;
    }
    if (code == 101) {
      if (!upgrade || responseStarted) {
        ReferenceCountUtil.release(res);
        recordAttempt(0, "unexpected 101");
        upstreamFailed(ProxyErrorKind.BAD_RESPONSE);
        return;
      }
      switching = true;
      responseStarted = true;
      status = code;
      recordAttempt(code, "switching protocols");
      finishBackendCall(false);
      HeaderRules.prepareSwitch(res);
      io.write(res);
      return;
    }
    if (code < 200) {
      // From HTTP/2 a 1xx is complete in itself; from HTTP/1.1 its (empty) end follows.
      interim = !(res instanceof LastHttpContent);
      HeaderRules.prepareInterim(res);
      io.write(res);
      flushClient = true;
      return;
    }
    responseStarted = true;
    status = code;
    responseNanos = now() - attempts.attemptStart();
    recordAttempt(code, null); // described only if the status counts as an error
    finishBackendCall(StatusRange.anyContains(StatusRange.SERVER_ERRORS, code));
    upstreamReusable = HttpUtil.isKeepAlive(res) && HeaderRules.selfDelimited(res, headRequest);
    boolean close = closeAfter || !keepAlive || !requestComplete || upstreams.draining();
    closeAfter = HeaderRules.prepareResponse(res, close, http10, headRequest);
    if (policy != null) {
      policy.onResponse(res.headers(), vars);
    }
    timer.arm(Kind.SERVER, backend.serverTimeoutNanos);
    io.write(res);
    flushClient = true;
    if (res instanceof LastHttpContent) {
      // A whole response in one message: an HTTP/2 server's HEADERS that ended the stream (gRPC's
      // trailers-only answer). The HTTP/1.1 decoder makes these only for invalid responses.
      onResponseComplete();
    }
  }

  @Override
  public void onResponseContent(HttpContent c) {
    if (interim || switching) {
      boolean last = c instanceof LastHttpContent;
      io.write(c);
      flushClient = true;
      if (last && switching) {
        startTunnel();
      } else if (last) {
        interim = false;
      }
      return;
    }
    if (!responseStarted) {
      c.release();
      return;
    }
    io.write(c);
    flushClient = true;
    if (c instanceof LastHttpContent) {
      onResponseComplete();
    } else if (io.isWritable()) {
      timer.arm(Kind.SERVER, backend.serverTimeoutNanos);
    } else {
      if (upstream != null) {
        upstream.channel().config().setAutoRead(false);
      }
      writeStalled();
    }
  }

  @Override
  public void onUpstreamReadComplete() {
    if (flushClient) {
      flushClient = false;
      io.flush();
    }
  }

  @Override
  public void onUpstreamWritable() {
    if (state != State.CLOSED && !io.isAutoRead() && (pipelined == null || pipelined.isEmpty())) {
      io.setAutoRead(true);
    }
  }

  private void onResponseComplete() {
    countResponse();
    logExchange(Termination.NORMAL);
    UpstreamHandler u = upstream;
    upstream = null;
    u.detach();
    if (upstreamReusable && requestComplete) {
      upstreams.release(u, EventLoops.currentIndex(), now());
    } else {
      u.close();
    }
    releaseServer();
    flushClient = false;
    if (closeAfter || !requestComplete) {
      closeAfterFlush();
      return;
    }
    io.flush();
    endExchange();
    runPipelined();
  }

  /** The exchange has its final answer: count it and record its phase timings. */
  private void countResponse() {
    frontend.state.stats().response(status);
    if (backend != null) {
      backend.state.stats().response(status);
      backend.state.timings().record(queueNanos, connectNanos, responseNanos, now() - tRequest);
    }
    if (server != null) {
      server.stats().response(status);
    }
  }

  @Override
  public void onUpstreamClosed(UpstreamHandler closed) {
    if (closed != upstream) {
      return;
    }
    upstream = null;
    if (state == State.TUNNEL) {
      releaseServer();
      closeAfterFlush();
      return;
    }
    if (state != State.ACTIVE) {
      return;
    }
    if (!responseStarted
        && !interim
        && !retried
        && !server.removed()
        && ((closed.reused() && bodyless)
            || (closed.wasRefused() && (bodyless || attempts.replay.intact())))) {
      // The server closed an idle keep-alive connection just as we reused it, or refused the
      // HTTP/2 stream (REFUSED_STREAM, GOAWAY). Nothing of the request can have been processed,
      // so it goes again once, on a fresh connection or stream.
      retried = true;
      obtainConnection();
      return;
    }
    if (!responseStarted && !interim && retryAfter(Retries.On.EMPTY_RESPONSE, 0)) {
      return;
    }
    upstreamFailed(ProxyErrorKind.BAD_RESPONSE);
  }

  /** The server side failed; answer 502/504 if nothing was sent yet, else cut the client off. */
  private void upstreamFailed(ProxyErrorKind kind) {
    closeUpstream();
    if (server != null) {
      server.stats().error(kind);
    }
    if (responseStarted) {
      logExchange(
          Termination.of(
              kind == ProxyErrorKind.SERVER_TIMEOUT
                  ? Termination.Cause.SERVER_TIMEOUT
                  : Termination.Cause.SERVER_ABORT,
              Termination.Phase.DATA));
      frontend.state.stats().error(ProxyErrorKind.RESPONSE_ABORTED);
      if (backend != null) {
        backend.state.stats().error(ProxyErrorKind.RESPONSE_ABORTED);
      }
      releaseServer();
      closeAfterFlush();
      return;
    }
    localError(kind);
  }

  // ---- tunnels (101 Switching Protocols) ----

  private void startTunnel() {
    switching = false;
    state = State.TUNNEL;
    countResponse();
    logExchange(Termination.NORMAL);
    io.flush();
    timer.arm(Kind.TUNNEL, backend.tunnelTimeoutNanos);
    // The codecs go. Each decoder hands on the bytes it still holds as it is removed, and those
    // must not meet the other side's encoder, so they are held until both codecs are gone.
    held = new ArrayDeque<>(2);
    Channel up = upstream.channel();
    up.pipeline().remove(UpstreamConnector.CODEC);
    ctx.pipeline().remove(ProxyEngine.CODEC);
    ArrayDeque<Held> pending = held;
    held = null;
    for (Held h; (h = pending.poll()) != null; ) {
      if (h.toClient) {
        onTunnelData(h.data);
      } else {
        forwardTunnel(h.data);
      }
    }
    io.flush();
    flushUpstreamIfNeeded();
  }

  private record Held(ByteBuf data, boolean toClient) {}

  private void forwardTunnel(Object msg) {
    if (!(msg instanceof ByteBuf b) || upstream == null) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (held != null) {
      held.add(new Held(b, false));
      return;
    }
    upstream.channel().write(b, upstream.channel().voidPromise());
    flushUpstream = true;
    if (!upstream.channel().isWritable()) {
      io.setAutoRead(false);
    }
  }

  @Override
  public void onTunnelData(ByteBuf data) {
    if (state != State.TUNNEL && !switching) {
      data.release();
      return;
    }
    if (held != null) {
      held.add(new Held(data, true));
      return;
    }
    io.write(data);
    flushClient = true;
    if (io.isWritable()) {
      timer.arm(Kind.TUNNEL, backend.tunnelTimeoutNanos);
    } else {
      if (upstream != null) {
        upstream.channel().config().setAutoRead(false);
      }
      writeStalled();
    }
  }

  // ---- timeouts ----

  @Override
  public void onTimeout(Kind kind) {
    switch (kind) {
      case HTTP_REQUEST, KEEP_ALIVE -> {
        if (state == State.IDLE && headStarted) {
          state = State.ACTIVE;
          frontend = listener.current();
          keepAlive = false;
          localError(ProxyErrorKind.REQUEST_TIMEOUT);
        } else if (state == State.IDLE) {
          closeNow();
        }
      }
      case QUEUE -> {
        QueueTicket t = ticket;
        if (t != null && t.cancel()) {
          ticket = null;
          backend.state.remove(t);
          localError(ProxyErrorKind.QUEUE_TIMEOUT);
        }
      }
      case CLIENT -> {
        if (state == State.ACTIVE && !requestComplete && !responseStarted) {
          keepAlive = false;
          localError(ProxyErrorKind.REQUEST_TIMEOUT);
        } else if (state == State.ACTIVE) {
          closeNow();
        }
      }
      case SERVER -> {
        if (state == State.ACTIVE) {
          if (!responseStarted
              && !interim
              && upstream != null
              && retryAfter(Retries.On.RESPONSE_TIMEOUT, 0)) {
            return;
          }
          upstreamFailed(ProxyErrorKind.SERVER_TIMEOUT);
        }
      }
      case TUNNEL -> closeNow();
      case CLIENT_WRITE -> {
        if (state == State.CLOSED) {
          io.close(); // the exchange was abandoned already; only the unsent bytes remain
          return;
        }
        frontendState.stats().error(ProxyErrorKind.CLIENT_ABORTED);
        if (state == State.ACTIVE) {
          logExchange(Termination.of(Termination.Cause.CLIENT_TIMEOUT, Termination.Phase.DATA));
        }
        closeNow();
      }
      case NONE -> {}
    }
  }

  // ---- gRPC ----

  /** A gRPC call from an HTTP/2 client: its answers are gRPC-shaped, its deadline is kept. */
  private void startGrpc(HttpRequest req) {
    grpc = true;
    long timeout = Grpc.timeoutNanos(req.headers().get(Grpc.GRPC_TIMEOUT));
    if (timeout >= 0) {
      int forExchange = exchange;
      deadlineTask =
          io.eventLoop().schedule(() -> onDeadline(forExchange), timeout, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * The call's deadline passed. The server's stream (or connection, for an HTTP/1.1 server) is
   * cancelled — RST_STREAM(CANCEL) — and the client gets grpc-status DEADLINE_EXCEEDED: as a
   * trailers-only answer when no response started, else as trailers ending the response.
   */
  private void onDeadline(int forExchange) {
    deadlineTask = null;
    if (forExchange != exchange || state != State.ACTIVE) {
      return;
    }
    deadlinePassed = true;
    if (!responseStarted) {
      upstreamFailed(ProxyErrorKind.SERVER_TIMEOUT);
      return;
    }
    closeUpstream();
    if (server != null) {
      server.stats().error(ProxyErrorKind.SERVER_TIMEOUT);
    }
    io.write(Grpc.deadlineTrailers());
    countResponse();
    logExchange(Termination.of(Termination.Cause.SERVER_TIMEOUT, Termination.Phase.DATA));
    releaseServer();
    closeAfterFlush();
  }

  private void endGrpc() {
    if (grpc) {
      grpc = false;
      deadlinePassed = false;
      if (deadlineTask != null) {
        deadlineTask.cancel(false);
        deadlineTask = null;
      }
    }
  }

  // ---- access log ----

  /** Logs the exchange that just ended, if the access log is on (nothing is built otherwise). */
  private void logExchange(Termination termination) {
    AccessLogWriter log = listener.accessLog();
    if (!log.enabled() || frontend == null) {
      return;
    }
    long now = now();
    long start = tFirstByte != 0 ? tFirstByte : tRequest;
    HttpRequest req = request;
    log.log(
        new AccessRecord(
            System.currentTimeMillis() - (now - start) / 1_000_000,
            clientIp,
            clientPort,
            frontend.config.name(),
            backend == null ? null : backend.config.name(),
            serverName,
            req == null ? null : req.method().name(),
            req == null ? null : req.uri(),
            req == null ? null : (http10 ? "HTTP/1.0" : "HTTP/1.1"),
            status,
            bytesIn - exchangeBytesIn,
            bytesOut - exchangeBytesOut,
            new AccessRecord.Timers(
                tRequest > start ? tRequest - start : (req == null ? -1 : 0),
                queueNanos,
                connectNanos,
                responseNanos,
                Math.max(0, now - start)),
            attempts.retries(),
            termination,
            requestId));
  }

  /** HAProxy's termination state for an answer the proxy gave itself. */
  private Termination terminationFor(ProxyErrorKind kind) {
    return switch (kind) {
      case BAD_REQUEST,
          URI_TOO_LONG,
          HEADERS_TOO_LARGE,
          METHOD_NOT_ALLOWED,
          PAYLOAD_TOO_LARGE,
          NO_ROUTE,
          OVERLOADED,
          CIRCUIT_OPEN,
          FAULT_ABORT,
          DENIED,
          RATE_LIMITED,
          BODY_TOO_LARGE ->
          Termination.of(Termination.Cause.PROXY, Termination.Phase.REQUEST);
      case REQUEST_TIMEOUT ->
          Termination.of(
              Termination.Cause.CLIENT_TIMEOUT,
              request == null ? Termination.Phase.REQUEST : Termination.Phase.DATA);
      case CONNECT_FAILED, NO_SERVER ->
          Termination.of(Termination.Cause.SERVER_ABORT, Termination.Phase.CONNECT);
      case BAD_RESPONSE ->
          Termination.of(Termination.Cause.SERVER_ABORT, Termination.Phase.HEADERS);
      case QUEUE_FULL -> Termination.of(Termination.Cause.PROXY, Termination.Phase.QUEUE);
      case QUEUE_TIMEOUT ->
          Termination.of(Termination.Cause.SERVER_TIMEOUT, Termination.Phase.QUEUE);
      case SERVER_TIMEOUT ->
          Termination.of(Termination.Cause.SERVER_TIMEOUT, Termination.Phase.HEADERS);
      case RESPONSE_ABORTED ->
          Termination.of(Termination.Cause.SERVER_ABORT, Termination.Phase.DATA);
      case CLIENT_ABORTED -> Termination.of(Termination.Cause.CLIENT_ABORT, Termination.Phase.DATA);
    };
  }

  // ---- ending exchanges and connections ----

  /**
   * Answers the current request locally. The connection stays open only when the whole request was
   * read and both sides want keep-alive.
   */
  private void localError(ProxyErrorKind kind) {
    finishBackendCall(
        switch (kind) {
          case CONNECT_FAILED, BAD_RESPONSE, SERVER_TIMEOUT, NO_SERVER, QUEUE_TIMEOUT -> true;
          default -> null;
        });
    frontend.state.stats().error(kind);
    if (backend != null) {
      backend.state.stats().error(kind);
    }
    closeUpstream();
    releaseServer();
    cancelTicket();
    status =
        kind == ProxyErrorKind.FAULT_ABORT || kind == ProxyErrorKind.RATE_LIMITED
            ? faultStatus
            : kind.status();
    countResponse();
    logExchange(terminationFor(kind));
    // 400, 408, 414 and 431 say the connection itself is unusable; other answers do not.
    boolean badClient =
        switch (kind) {
          case BAD_REQUEST,
              URI_TOO_LONG,
              HEADERS_TOO_LARGE,
              METHOD_NOT_ALLOWED,
              PAYLOAD_TOO_LARGE,
              REQUEST_TIMEOUT ->
              true;
          default -> false;
        };
    boolean bodyPending = !requestComplete && !bodyless;
    boolean close = closeAfter || bodyPending || !keepAlive || upstreams.draining() || badClient;
    responseStarted = true;
    FullHttpResponse res =
        grpc
            ? Grpc.trailersOnly(
                io.alloc(),
                deadlinePassed ? Grpc.DEADLINE_EXCEEDED : Grpc.statusFor(status),
                kind,
                status)
            : LocalResponses.build(
                io.alloc(), kind, status, close, http10 && keepAlive, headRequest);
    if (answerHeaders != null) {
      res.headers().add(answerHeaders);
    }
    if (close) {
      // Closed once the answer is written: on an HTTP/2 stream its DATA waits in the flow
      // controller, and a close (RST_STREAM) before it is sent would discard it.
      closeAfterFlush(io.writeLast(res));
    } else {
      io.write(res);
      io.flush();
      endExchange();
      runPipelined();
    }
  }

  /**
   * Answers the request with {@code code} and no body because its policy says so (a redirect, a
   * CORS preflight): an answer, not an error. Keep-alive as for {@link #localError}.
   */
  private void localAnswer(int code) {
    status = code;
    countResponse();
    logExchange(Termination.NORMAL);
    boolean bodyPending = !requestComplete && !bodyless;
    boolean close = closeAfter || bodyPending || !keepAlive || upstreams.draining();
    responseStarted = true;
    FullHttpResponse res = LocalResponses.empty(io.alloc(), code, close, http10 && keepAlive);
    res.headers().add(answerHeaders);
    io.write(res);
    if (close) {
      closeAfterFlush();
    } else {
      io.flush();
      endExchange();
      runPipelined();
    }
  }

  private void endExchange() {
    tFirstByte = 0;
    endGrpc();
    policy = null;
    dropMirror();
    answerHeaders = null;
    requestId = null;
    bodyLimit = 0;
    bodySeen = 0;
    serverName = null;
    releasePendingBody();
    attempts.replay.release();
    cancelRetry();
    state = State.IDLE;
    frontend = null;
    backend = null;
    request = null;
    path = null;
    server = null;
    upstream = null;
    ticket = null;
    requestComplete = false;
    responseStarted = false;
    interim = false;
    switching = false;
    upstreamReusable = false;
    retried = false;
    status = 0;
    headStarted = false;
    timer.arm(Kind.KEEP_ALIVE, listener.current().keepAliveNanos);
  }

  /** Closes the exchange's upstream connection, which cannot be reused (the exchange failed). */
  private void closeUpstream() {
    UpstreamHandler u = upstream;
    if (u != null) {
      upstream = null;
      u.close();
    }
  }

  private void releaseServer() {
    attempts.releaseAttempt();
    ServerState s = server;
    if (s != null) {
      server = null;
      s.backend().endRequest();
      s.release();
    }
  }

  private void cancelTicket() {
    QueueTicket t = ticket;
    if (t != null) {
      ticket = null;
      if (t.cancel()) {
        backend.state.remove(t);
      }
    }
  }

  private void dropMirror() {
    if (mirror != null) {
      mirror.abandon();
      mirror = null;
    }
  }

  /** Frees everything the exchange holds; the client connection is gone. */
  private void abandonExchange() {
    endGrpc();
    dropMirror();
    finishBackendCall(null);
    cancelTicket();
    closeUpstream();
    releaseServer();
    releasePendingBody();
    attempts.replay.release();
    cancelRetry();
  }

  private void cancelRetry() {
    if (retryTask != null) {
      retryTask.cancel(false);
      retryTask = null;
    }
    if (backend != null) {
      attempts.endRetryInFlight(backend.state);
    }
  }

  /** Drops body chunks held for a connection that will not come (answered locally, or gone). */
  private void releasePendingBody() {
    if (pendingBody != null) {
      HttpContent c;
      while ((c = pendingBody.poll()) != null) {
        c.release();
      }
    }
    pendingBytes = 0;
  }

  private void closeAfterFlush() {
    closeAfterFlush(io.writeLast(Unpooled.EMPTY_BUFFER));
  }

  /** Flushes and closes the connection (or stream) once {@code last} is written. */
  private void closeAfterFlush(ChannelFuture last) {
    state = State.CLOSED;
    timer.cancel();
    long stallNanos = clientNanos(); // the exchange's, before it is abandoned
    abandonExchange();
    io.flush();
    ChannelFuture flushed = last;
    ClientIo client = io;
    flushed.addListener(f -> client.close()); // the client side: a stream's, not its connection
    if (!flushed.isDone() && io.isActive()) {
      // A client that does not read what is left would hold the connection and its buffer.
      timer.arm(Kind.CLIENT_WRITE, stallNanos);
    }
  }

  private void closeNow() {
    state = State.CLOSED;
    timer.cancel();
    abandonExchange();
    io.close();
  }

  // ---- PickContext ----

  @Override
  public InetAddress clientAddress() {
    return clientAddress;
  }

  @Override
  public CharSequence path() {
    if (path == null && request != null) {
      String uri = request.uri();
      int q = uri.indexOf('?');
      path = q < 0 ? uri : uri.substring(0, q);
    }
    return path;
  }
}
