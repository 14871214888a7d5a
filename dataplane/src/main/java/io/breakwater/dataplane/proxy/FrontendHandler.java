package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.balance.PickContext;
import io.breakwater.dataplane.config.Faults;
import io.breakwater.dataplane.config.Observe;
import io.breakwater.dataplane.config.Retries;
import io.breakwater.dataplane.config.StatusRange;
import io.breakwater.dataplane.proxy.DeadlineTimer.Kind;
import io.breakwater.dataplane.resilience.AttemptFacts;
import io.breakwater.dataplane.resilience.Backoff;
import io.breakwater.dataplane.resilience.CircuitBreaker;
import io.breakwater.dataplane.resilience.RetryDecision;
import io.breakwater.dataplane.resilience.RetryRules;
import io.breakwater.dataplane.stats.ProxyErrorKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One client connection, from accept to close: it routes each request, obtains a server slot and a
 * connection, streams the request up and the response down, and applies timeouts and limits.
 *
 * <p>This class is longer than the project's handler guideline because it is the exchange state
 * machine; what can be pure lives elsewhere ({@link HeaderRules}, {@link LocalResponses}, route and
 * balance packages). Everything here runs on the connection's event loop, and so does the upstream
 * connection it uses, so no field needs synchronization.
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
  private ChannelHandlerContext ctx;
  private Channel channel;
  private DeadlineTimer timer;
  private InetAddress clientAddress;
  private String clientIp;
  private String localPort;
  private FrontendState frontendState;

  private State state = State.IDLE;
  private boolean headStarted;
  private boolean inRead;
  private ArrayDeque<Object> pipelined;
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
  // Attempts of the current exchange (retries).
  private final ReplayBuffer replay = new ReplayBuffer();
  private Retries retryPolicy = Retries.DEFAULT;
  private int retries;
  private boolean requestSent;
  private ServerState failedServer;
  private long attemptStart;

  /** The retry or fault delay waiting to run, if any. */
  private ScheduledFuture<?> retryTask;

  private int faultStatus;
  private boolean retryInFlight;
  private boolean attemptOpen;
  private CircuitBreaker outlierPermit;
  private CircuitBreaker backendPermit;
  private long callStart;
  private boolean flushUpstream;
  private boolean flushClient;

  FrontendHandler(Listener listener, Upstreams upstreams) {
    this.listener = listener;
    this.upstreams = upstreams;
  }

  EventExecutor executor() {
    return ctx.executor();
  }

  // ---- connection lifecycle ----

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.channel = ctx.channel();
    this.timer = new DeadlineTimer(ctx.executor(), this);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (channel.remoteAddress() instanceof InetSocketAddress remote) {
      clientAddress = remote.getAddress();
      clientIp = clientAddress.getHostAddress();
    } else {
      clientIp = "unknown";
    }
    // The listener's port, not the socket's: asking the socket costs a system call per connection.
    localPort = listener.portText();
    frontendState = listener.current().state;
    frontendState.connectionOpened();
    timer.arm(Kind.HTTP_REQUEST, listener.current().httpRequestNanos);
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (state == State.ACTIVE || state == State.TUNNEL) {
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
    frontendState.connectionClosed();
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
    frontendState.stats().bytesIn(n);
    if (state == State.IDLE) {
      if (!headStarted) {
        headStarted = true;
        // From the first byte of a keep-alive request; a new connection's clock runs from accept.
        if (timer.kind() != Kind.HTTP_REQUEST) {
          timer.arm(Kind.HTTP_REQUEST, listener.current().httpRequestNanos);
        }
      }
    } else if (timer.kind() == Kind.CLIENT) {
      timer.arm(Kind.CLIENT, frontend.clientNanos);
    } else if (state == State.TUNNEL) {
      timer.arm(Kind.TUNNEL, backend.tunnelTimeoutNanos);
    }
  }

  void onClientBytesOut(int n) {
    frontendState.stats().bytesOut(n);
  }

  // ---- reading from the client ----

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    inRead = true;
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
    inRead = false;
    flushUpstreamIfNeeded();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (channel.isWritable() && upstream != null) {
      upstream.channel().config().setAutoRead(true);
    }
  }

  /**
   * A request that arrived before the previous response finished (HTTP/1.1 pipelining). It waits,
   * with reading paused, until the connection is idle again; responses go out in order.
   */
  private void holdPipelined(Object msg) {
    if (pipelined == null) {
      pipelined = new ArrayDeque<>(4);
    }
    pipelined.add(msg);
    channel.config().setAutoRead(false);
  }

  private void runPipelined() {
    while (state == State.IDLE && pipelined != null && !pipelined.isEmpty()) {
      handleInbound(pipelined.poll());
      while (state == State.ACTIVE
          && !pipelined.isEmpty()
          && !(pipelined.peek() instanceof HttpRequest)) {
        handleInbound(pipelined.poll());
      }
    }
    flushUpstreamIfNeeded();
    if ((pipelined == null || pipelined.isEmpty())
        && state != State.CLOSED
        && !channel.config().isAutoRead()) {
      channel.config().setAutoRead(true);
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

  private void onRequestHead(HttpRequest req) {
    if (req.decoderResult().isFailure()) {
      Throwable cause = req.decoderResult().cause();
      ReferenceCountUtil.release(req);
      state = State.ACTIVE;
      frontend = listener.current();
      keepAlive = false;
      http10 = false;
      headRequest = false;
      localError(rejectionFor(cause));
      return;
    }
    state = State.ACTIVE;
    headStarted = false;
    exchange++;
    frontend = listener.current();
    frontend.state.stats().request();
    request = req;
    http10 = HeaderRules.isHttp10(req);
    keepAlive = HttpUtil.isKeepAlive(req);
    headRequest = HttpMethod.HEAD.equals(req.method());
    bodyless = !HttpUtil.isTransferEncodingChunked(req) && HttpUtil.getContentLength(req, 0L) == 0;
    String uri = req.uri();
    RouteTarget target = frontend.route(req.headers().get(HttpHeaderNames.HOST), uri);
    if (target == null) {
      localError(ProxyErrorKind.NO_ROUTE);
      return;
    }
    backend = target.backend();
    backend.state.stats().request();
    upgrade = HeaderRules.isUpgrade(req);
    HeaderRules.prepareRequest(req, upgrade, clientIp, "http", localPort);
    startAttempts();
    timer.arm(Kind.CLIENT, frontend.clientNanos);
    if (target.faults() == null || !injectFault(target.faults())) {
      dispatch();
    }
  }

  private static ProxyErrorKind rejectionFor(Throwable cause) {
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
    if (responseStarted && upstream == null && !switching) {
      // Answered already (locally, or the server finished early): the rest is dropped.
      c.release();
    } else if (upstream != null) {
      sendUpstream(c);
      flushUpstream = true;
      if (!upstream.channel().isWritable()) {
        channel.config().setAutoRead(false);
      }
    } else {
      if (pendingBody == null) {
        pendingBody = new ArrayDeque<>(4);
      }
      pendingBody.add(c);
      pendingBytes += c.content().readableBytes();
      if (pendingBytes > PENDING_BODY_LIMIT) {
        channel.config().setAutoRead(false);
      }
    }
    if (last) {
      requestComplete = true;
      if (!responseStarted && ticket == null && retryTask == null) {
        timer.arm(Kind.SERVER, backend != null ? attemptTimeoutNanos() : frontend.clientNanos);
      }
    }
  }

  private void flushUpstreamIfNeeded() {
    if (flushUpstream) {
      flushUpstream = false;
      if (upstream != null) {
        upstream.channel().flush();
      }
    }
  }

  /** Writes a body chunk to the server, keeping a copy when a retry may need to replay it. */
  private void sendUpstream(HttpContent c) {
    replay.keep(c);
    upstream.channel().write(c, upstream.channel().voidPromise());
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
          ctx.executor()
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

  /** A new exchange starts with a fresh attempt count and replay buffer. */
  private void startAttempts() {
    retryPolicy = backend.config.policy().retries();
    retries = 0;
    requestSent = false;
    failedServer = null;
    long length = HttpUtil.getContentLength(request, -1L);
    boolean fits = bodyless || (length >= 0 && length <= retryPolicy.bufferLimit());
    // Holding the body costs memory and copies: only when the policy can retry after sending.
    boolean afterSend =
        !retryPolicy.statuses().isEmpty()
            || retryPolicy.on().stream().anyMatch(o -> o != Retries.On.CONN_FAILURE);
    replay.reset(retryPolicy.attempts() > 0 && afterSend && fits, retryPolicy.bufferLimit());
  }

  /**
   * An attempt failed before any response byte reached the client. Either a retry is scheduled (and
   * true returned), or the caller answers as it would without retries.
   *
   * @param kind the failure kind, or null for a response with {@code status}
   */
  private boolean retryAfter(Retries.On kind, int status) {
    ServerState failed = server;
    recordAttempt(
        kind == null ? status : 0, kind == null ? "HTTP status " + status : describe(kind));
    AttemptFacts facts =
        new AttemptFacts(
            failureOf(kind),
            status,
            requestSent,
            responseStarted,
            bodyless
                ? AttemptFacts.Body.NONE
                : !requestSent || (requestComplete && replay.intact())
                    ? AttemptFacts.Body.HELD
                    : AttemptFacts.Body.NOT_HELD,
            RetryRules.idempotent(request.method().name()),
            retries,
            backend.hasEligibleOtherThan(failed));
    RetryDecision decision = RetryRules.decide(facts, retryPolicy, backend.state.budget());
    if (!decision.retry()) {
      return false;
    }
    if (!retryInFlight
        && !backend.state.tryStartRetry(backend.config.policy().limits().maxRetries())) {
      backend.state.stats().error(ProxyErrorKind.OVERLOADED);
      return false;
    }
    retryInFlight = true;
    closeUpstream();
    releaseServer();
    retries++;
    failedServer = decision.redispatch() ? failed : null;
    backend.state.stats().retry();
    if (failed != null) {
      failed.stats().retry();
    }
    requestSent = false;
    long delay = Backoff.delayNanos(retries, retryPolicy.backoff(), ThreadLocalRandom.current());
    int forExchange = exchange;
    retryTask = ctx.executor().schedule(() -> retryNow(forExchange), delay, TimeUnit.NANOSECONDS);
    return true;
  }

  private static AttemptFacts.Failure failureOf(Retries.On kind) {
    if (kind == null) {
      return AttemptFacts.Failure.STATUS;
    }
    return switch (kind) {
      case CONN_FAILURE -> AttemptFacts.Failure.CONNECT_FAILED;
      case EMPTY_RESPONSE -> AttemptFacts.Failure.EMPTY_RESPONSE;
      case JUNK_RESPONSE -> AttemptFacts.Failure.JUNK_RESPONSE;
      case RESPONSE_TIMEOUT -> AttemptFacts.Failure.RESPONSE_TIMEOUT;
    };
  }

  private static String describe(Retries.On kind) {
    return switch (kind) {
      case CONN_FAILURE -> "connection failed";
      case EMPTY_RESPONSE -> "closed without a response";
      case JUNK_RESPONSE -> "invalid response";
      case RESPONSE_TIMEOUT -> "response timeout";
    };
  }

  /**
   * Reports how the current attempt ended to the server's passive observation and outlier breaker.
   * A failure without a status ({@code status} 0: connect failure, timeout, invalid or no response)
   * always counts against the server; a status counts as the policy says (observation: its {@code
   * errorStatuses}; outlier detection: 5xx except 501 and 505).
   */
  private void recordAttempt(int status, String why) {
    ServerState s = server;
    if (s == null || !attemptOpen) {
      return;
    }
    attemptOpen = false;
    long took = ctx.executor().ticker().nanoTime() - attemptStart;
    ServerResilience r = s.resilience();
    Observe observe = backend.config.policy().observe();
    boolean observedError =
        status == 0
            || (observe != null && StatusRange.anyContains(observe.errorStatuses(), status));
    if (observedError) {
      r.onLiveError(why);
    } else {
      r.onLiveSuccess();
    }
    CircuitBreaker outlier = outlierPermit;
    if (outlier != null) {
      outlierPermit = null;
      if (status == 0 || StatusRange.anyContains(StatusRange.SERVER_ERRORS, status)) {
        outlier.onFailure(took);
      } else {
        outlier.onSuccess(took);
      }
    }
  }

  /** The request ended for the backend's breaker: a failure, a success, or neither (released). */
  private void finishBackendCall(Boolean failure) {
    CircuitBreaker b = backendPermit;
    if (b == null) {
      return;
    }
    backendPermit = null;
    long took = ctx.executor().ticker().nanoTime() - callStart;
    if (failure == null) {
      b.release();
    } else if (failure) {
      b.onFailure(took);
    } else {
      b.onSuccess(took);
    }
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
    Duration perTry = retryPolicy.perTryTimeout();
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
    if (retries == 0 && backendPermit == null && !retried) {
      CircuitBreaker breaker = backend.state.breaker();
      if (breaker != null) {
        if (!breaker.tryAcquire()) {
          localError(ProxyErrorKind.CIRCUIT_OPEN);
          return;
        }
        backendPermit = breaker;
        callStart = ctx.executor().ticker().nanoTime();
      }
      backend.state.budget().onRequest();
    }
    for (int attempt = 0; ; attempt++) {
      BackendState bs = freshBackend().state;
      if (bs.queued() == 0) {
        ServerState s = backend.pickAndAcquire(this, failedServer);
        if (s != null) {
          if (failedServer != null && s != failedServer) {
            failedServer.stats().redispatch();
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
    timer.arm(Kind.QUEUE, backend.queueTimeoutNanos);
  }

  /** A queued request got a slot (runs on this loop, via {@link QueueTicket#assign}). */
  void onQueueAssigned(QueueTicket t, int forExchange, ServerState s) {
    if (ticket != t || forExchange != exchange || state != State.ACTIVE) {
      s.release();
      return;
    }
    ticket = null;
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
      timer.arm(Kind.CLIENT, frontend.clientNanos);
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
    outlierPermit = s.outlier() != null && s.outlier().tryAcquire() ? s.outlier() : null;
    s.stats().request();
    if (!request.headers().contains(HttpHeaderNames.HOST)) {
      request.headers().set(HttpHeaderNames.HOST, s.hostHeader());
    }
    obtainConnection();
  }

  private void obtainConnection() {
    int loop = EventLoops.currentIndex();
    long now = ctx.executor().ticker().nanoTime();
    UpstreamHandler u = upstreams.borrow(server, loop, now, backend.poolIdleNanos);
    if (u != null) {
      attach(u);
      return;
    }
    int maxConnections = backend.config.policy().limits().maxConnections();
    if (maxConnections > 0 && backend.state.connections() >= maxConnections) {
      localError(ProxyErrorKind.OVERLOADED);
      return;
    }
    int forExchange = exchange;
    ChannelFuture f =
        upstreams.connect(
            server, channel.eventLoop(), backend.connectTimeoutMillis, backend.poolIdleNanos);
    f.addListener((ChannelFutureListener) done -> onConnected(done, forExchange));
  }

  private void onConnected(ChannelFuture f, int forExchange) {
    if (forExchange != exchange || state != State.ACTIVE || server == null || upstream != null) {
      if (f.isSuccess()) {
        f.channel().close();
      }
      return;
    }
    if (!f.isSuccess()) {
      server.stats().error(ProxyErrorKind.CONNECT_FAILED);
      if (!retryAfter(Retries.On.CONN_FAILURE, 0)) {
        localError(ProxyErrorKind.CONNECT_FAILED);
      }
      return;
    }
    attach(UpstreamConnector.handlerOf(f.channel()));
  }

  private void attach(UpstreamHandler u) {
    upstream = u;
    u.attach(this);
    Channel up = u.channel();
    requestSent = true;
    attemptOpen = true;
    attemptStart = ctx.executor().ticker().nanoTime();
    up.write(request, up.voidPromise());
    boolean again = retries > 0 || retried;
    if (again) {
      replay.replayTo(up);
    }
    if (pendingBody != null && !pendingBody.isEmpty()) {
      HttpContent c;
      while ((c = pendingBody.poll()) != null) {
        sendUpstream(c);
      }
      pendingBytes = 0;
      if (!channel.config().isAutoRead() && (pipelined == null || pipelined.isEmpty())) {
        channel.config().setAutoRead(true);
      }
    } else if (again && requestComplete && bodyless && !replay.intact()) {
      // A bodyless request's (empty) end went to the first connection and is not held.
      up.write(LastHttpContent.EMPTY_LAST_CONTENT, up.voidPromise());
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
        && retryPolicy.statuses().contains(code)
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
      ctx.write(res, ctx.voidPromise());
      return;
    }
    if (code < 200) {
      interim = true;
      HeaderRules.prepareInterim(res);
      ctx.write(res, ctx.voidPromise());
      flushClient = true;
      return;
    }
    responseStarted = true;
    status = code;
    recordAttempt(code, "HTTP status " + code);
    finishBackendCall(StatusRange.anyContains(StatusRange.SERVER_ERRORS, code));
    upstreamReusable = HttpUtil.isKeepAlive(res) && HeaderRules.selfDelimited(res, headRequest);
    boolean close = closeAfter || !keepAlive || !requestComplete || upstreams.draining();
    closeAfter = HeaderRules.prepareResponse(res, close, http10, headRequest);
    timer.arm(Kind.SERVER, backend.serverTimeoutNanos);
    ctx.write(res, ctx.voidPromise());
    flushClient = true;
    if (res instanceof HttpContent c) {
      onResponseContent(c);
    }
  }

  @Override
  public void onResponseContent(HttpContent c) {
    if (interim || switching) {
      boolean last = c instanceof LastHttpContent;
      ctx.write(c, ctx.voidPromise());
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
    ctx.write(c, ctx.voidPromise());
    flushClient = true;
    if (c instanceof LastHttpContent) {
      onResponseComplete();
    } else {
      timer.arm(Kind.SERVER, backend.serverTimeoutNanos);
      if (!channel.isWritable() && upstream != null) {
        upstream.channel().config().setAutoRead(false);
      }
    }
  }

  @Override
  public void onUpstreamReadComplete() {
    if (flushClient) {
      flushClient = false;
      ctx.flush();
    }
  }

  @Override
  public void onUpstreamWritable() {
    if (state != State.CLOSED
        && !channel.config().isAutoRead()
        && (pipelined == null || pipelined.isEmpty())) {
      channel.config().setAutoRead(true);
    }
  }

  private void onResponseComplete() {
    countResponse();
    UpstreamHandler u = upstream;
    upstream = null;
    u.detach();
    if (upstreamReusable && requestComplete) {
      upstreams.release(u, EventLoops.currentIndex(), ctx.executor().ticker().nanoTime());
    } else {
      u.close();
    }
    releaseServer();
    flushClient = false;
    if (closeAfter || !requestComplete) {
      closeAfterFlush();
      return;
    }
    ctx.flush();
    endExchange();
    runPipelined();
  }

  private void countResponse() {
    frontend.state.stats().response(status);
    if (backend != null) {
      backend.state.stats().response(status);
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
        && closed.reused()
        && bodyless
        && !retried
        && !server.removed()) {
      // The server closed an idle keep-alive connection just as we reused it. Nothing of the
      // request can have been processed, so it goes again once, on a fresh connection.
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
    ctx.flush();
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
    ctx.flush();
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
      channel.config().setAutoRead(false);
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
    ctx.write(data, ctx.voidPromise());
    flushClient = true;
    timer.arm(Kind.TUNNEL, backend.tunnelTimeoutNanos);
    if (!channel.isWritable() && upstream != null) {
      upstream.channel().config().setAutoRead(false);
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
      case NONE -> {}
    }
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
    status = kind == ProxyErrorKind.FAULT_ABORT ? faultStatus : kind.status();
    countResponse();
    // 400, 408, 414 and 431 say the connection itself is unusable; other answers do not.
    boolean badClient =
        switch (kind) {
          case BAD_REQUEST, URI_TOO_LONG, HEADERS_TOO_LARGE, REQUEST_TIMEOUT -> true;
          default -> false;
        };
    boolean bodyPending = !requestComplete && !bodyless;
    boolean close = closeAfter || bodyPending || !keepAlive || upstreams.draining() || badClient;
    responseStarted = true;
    ctx.write(
        LocalResponses.build(ctx.alloc(), kind, status, close, http10 && keepAlive, headRequest),
        ctx.voidPromise());
    if (close) {
      closeAfterFlush();
    } else {
      ctx.flush();
      endExchange();
      runPipelined();
    }
  }

  private void endExchange() {
    releasePendingBody();
    replay.release();
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
    attemptOpen = false;
    if (outlierPermit != null) {
      // The attempt ended without an outcome for the breaker (client gone, request refused).
      outlierPermit.release();
      outlierPermit = null;
    }
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

  /** Frees everything the exchange holds; the client connection is gone. */
  private void abandonExchange() {
    finishBackendCall(null);
    cancelTicket();
    closeUpstream();
    releaseServer();
    releasePendingBody();
    replay.release();
    cancelRetry();
  }

  private void cancelRetry() {
    if (retryTask != null) {
      retryTask.cancel(false);
      retryTask = null;
    }
    if (retryInFlight) {
      retryInFlight = false;
      backend.state.endRetry();
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
    state = State.CLOSED;
    timer.cancel();
    abandonExchange();
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  private void closeNow() {
    state = State.CLOSED;
    timer.cancel();
    abandonExchange();
    ctx.close();
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
