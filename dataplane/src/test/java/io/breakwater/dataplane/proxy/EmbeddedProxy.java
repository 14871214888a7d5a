package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.Balance;
import io.breakwater.dataplane.config.Frontend;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.PathType;
import io.breakwater.dataplane.config.Route;
import io.breakwater.dataplane.config.Server;
import io.breakwater.dataplane.config.Timeouts;
import io.breakwater.dataplane.route.RouteTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A frontend handler wired to embedded channels: clients and upstream connections are {@link
 * EmbeddedChannel}s sharing one {@link MockTicker}, so tests write raw bytes, read raw bytes and
 * move time without sockets or sleeps.
 */
final class EmbeddedProxy implements Upstreams {
  static final Timeouts TIMEOUTS =
      new Timeouts(
          Duration.ofSeconds(1),
          Duration.ofSeconds(20),
          Duration.ofSeconds(30),
          Duration.ofSeconds(5),
          Duration.ofSeconds(60),
          Duration.ofSeconds(3),
          Duration.ofSeconds(120),
          Duration.ofSeconds(30));

  final MockTicker ticker = Ticker.newMockTicker();
  final List<EmbeddedChannel> upstreamChannels = new ArrayList<>();
  final ArrayDeque<UpstreamHandler> pool = new ArrayDeque<>();
  final BackendState backendState = new BackendState("b", ticker);
  final FrontendState frontendState = new FrontendState("http");
  final List<ServerState> servers = new ArrayList<>();
  final Listener listener;
  boolean failConnects;

  /** Servers (by name) whose connects fail. */
  final java.util.Set<String> refuse = new java.util.HashSet<>();

  /** When set, connects stay pending until {@link #failPendingConnect()}. */
  boolean deferConnectFailure;

  private io.netty.channel.ChannelPromise pendingConnect;
  boolean draining;
  BackendRuntime backend;

  /**
   * When set, upstream connections decode responses with the engine's own {@link Http1ClientCodec}
   * and decoder settings (as {@code ProxyEngine} configures them) instead of Netty's lenient {@code
   * HttpClientCodec}.
   */
  boolean strictUpstreamCodec;

  /** The decoder settings {@code ProxyEngine} gives its HTTP/1.1 codecs. */
  static HttpDecoderConfig engineDecoderConfig() {
    return new HttpDecoderConfig()
        .setMaxInitialLineLength(ProxyEngine.MAX_INITIAL_LINE)
        .setMaxHeaderSize(ProxyEngine.MAX_HEADER_SIZE)
        .setMaxChunkSize(ProxyEngine.MAX_CHUNK_SIZE)
        .setValidateHeaders(true)
        .setAllowDuplicateContentLengths(false)
        .setStrictLineParsing(true)
        .setUseRfc9112TransferEncoding(true);
  }

  /** Faults of the test route; set before the constructor runs via {@link #withRouteFaults}. */
  private static io.breakwater.dataplane.config.Faults routeFaults;

  final EventLoops loops = EventLoops.of(new EmbeddedChannel().eventLoop());

  EmbeddedProxy(int servers, int maxconn, int maxqueue) {
    this(servers, maxconn, maxqueue, io.breakwater.dataplane.config.BackendPolicy.DEFAULT);
  }

  EmbeddedProxy(
      int servers, int maxconn, int maxqueue, io.breakwater.dataplane.config.BackendPolicy policy) {
    List<Server> configs = new ArrayList<>();
    backendState.configure(policy, servers);
    for (int i = 0; i < servers; i++) {
      Server s =
          new Server(
              "s" + i,
              new HostPort("127.0.0.1", 9000 + i),
              1,
              maxconn,
              io.breakwater.dataplane.config.InitialState.UP,
              policy.healthCheck());
      configs.add(s);
      InetSocketAddress addr = new InetSocketAddress("127.0.0.1", 9000 + i);
      ServerState st = new ServerState(backendState, s, addr, loops, ticker);
      st.update(s, addr, policy);
      this.servers.add(st);
    }
    Backend b = new Backend("b", Balance.ROUNDROBIN, maxqueue, TIMEOUTS, policy, configs);
    backend = new BackendRuntime(b, backendState, this.servers);
    backendState.setCurrent(backend);
    Frontend f =
        new Frontend(
            "http",
            new HostPort("127.0.0.1", 8080),
            null,
            List.of(new Route("example.com", "/", PathType.PREFIX, "b")),
            TIMEOUTS);
    RouteTable<RouteTarget> routes =
        RouteTable.<RouteTarget>builder()
            .add("example.com", "/", PathType.PREFIX, RouteTarget.of(backend, routeFaults))
            .build();
    listener = new Listener(f.listen(), new FrontendRuntime(f, frontendState, routes, null));
  }

  EmbeddedProxy() {
    this(1, 0, 0);
  }

  /** A proxy whose route injects these faults. */
  static EmbeddedProxy withRouteFaults(io.breakwater.dataplane.config.Faults faults) {
    routeFaults = faults;
    try {
      return new EmbeddedProxy(1, 0, 0);
    } finally {
      routeFaults = null;
    }
  }

  /** The default policy with another breaker and outlier detection. */
  static io.breakwater.dataplane.config.BackendPolicy breakers(
      io.breakwater.dataplane.config.Breaker backend,
      io.breakwater.dataplane.config.Breaker outliers) {
    var d = io.breakwater.dataplane.config.BackendPolicy.DEFAULT;
    return new io.breakwater.dataplane.config.BackendPolicy(
        d.healthCheck(),
        d.observe(),
        d.retries(),
        backend,
        outliers,
        d.limits(),
        d.slowstart(),
        d.faults());
  }

  /** The default policy with limits. */
  static io.breakwater.dataplane.config.BackendPolicy limited(
      io.breakwater.dataplane.config.Limits limits) {
    var d = io.breakwater.dataplane.config.BackendPolicy.DEFAULT;
    return new io.breakwater.dataplane.config.BackendPolicy(
        d.healthCheck(),
        d.observe(),
        d.retries(),
        d.circuitBreaker(),
        d.outlierDetection(),
        limits,
        d.slowstart(),
        d.faults());
  }

  /** The default policy with another retry policy. */
  static io.breakwater.dataplane.config.BackendPolicy retrying(
      io.breakwater.dataplane.config.Retries retries) {
    var d = io.breakwater.dataplane.config.BackendPolicy.DEFAULT;
    return new io.breakwater.dataplane.config.BackendPolicy(
        d.healthCheck(),
        d.observe(),
        retries,
        d.circuitBreaker(),
        d.outlierDetection(),
        d.limits(),
        d.slowstart(),
        d.faults());
  }

  private final java.util.Map<String, Integer> connectAttempts = new java.util.HashMap<>();

  /** Connection attempts made so far to a server (by name), refused ones included. */
  int connectsTo(String serverName) {
    return connectAttempts.getOrDefault(serverName, 0);
  }

  /**
   * What a swap does to this backend: a new compiled runtime with one new server is published, then
   * every old server is marked removed. The listener keeps the old route table on purpose, like a
   * request that read its snapshot just before the swap.
   */
  ServerState swapToNewServer(String name) {
    Server s = new Server(name, new HostPort("127.0.0.1", 9100), 1, 0);
    ServerState st =
        new ServerState(backendState, s, new InetSocketAddress("127.0.0.1", 9100), loops);
    BackendRuntime next =
        new BackendRuntime(backend.config.withServers(List.of(s)), backendState, List.of(st));
    backendState.setCurrent(next);
    for (ServerState old : servers) {
      old.markRemoved();
    }
    return st;
  }

  /** A new client connection. */
  EmbeddedChannel client() {
    return client(false);
  }

  /**
   * A new client connection on a cleartext frontend with {@code http2: true}, as the engine builds
   * it: the prior-knowledge selector ahead of the HTTP/1.1 codec, which turns the connection into
   * an HTTP/2 one when it opens with the preface.
   */
  EmbeddedChannel h2cClient() {
    return client(true);
  }

  private EmbeddedChannel client(boolean h2c) {
    return EmbeddedChannel.builder()
        .ticker(ticker)
        .handlers(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                FrontendHandler h = new FrontendHandler(listener, EmbeddedProxy.this);
                ch.pipeline().addLast(ProxyEngine.PROBE, new ClientProbe(h));
                if (h2c) {
                  ch.pipeline()
                      .addLast(
                          ProtocolSelectors.NAME,
                          new ProtocolSelectors.PriorKnowledge(listener, EmbeddedProxy.this, h));
                }
                ch.pipeline()
                    .addLast(
                        ProxyEngine.CODEC,
                        new Http1ServerCodec(new HttpDecoderConfig(), ProxyEngine.MAX_HEADER_COUNT))
                    .addLast(ProxyEngine.HANDLER, h);
              }
            })
        .build();
  }

  void advance(Duration d, EmbeddedChannel... channels) {
    ticker.advance(d.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    for (EmbeddedChannel ch : channels) {
      ch.runScheduledPendingTasks();
      ch.runPendingTasks();
    }
  }

  EmbeddedChannel lastUpstream() {
    return upstreamChannels.get(upstreamChannels.size() - 1);
  }

  @Override
  public UpstreamHandler borrow(ServerState server, int loopIndex, long now, long maxIdle) {
    for (java.util.Iterator<UpstreamHandler> it = pool.iterator(); it.hasNext(); ) {
      UpstreamHandler u = it.next();
      if (u.server() == server) {
        it.remove();
        u.leavePool();
        if (u.channel().isActive()) {
          lastUsed = (EmbeddedChannel) u.channel();
          return u;
        }
      }
    }
    return null;
  }

  private EmbeddedChannel lastUsed;

  /** The upstream connection the latest attempt went out on (new or pooled). */
  EmbeddedChannel lastUsed() {
    return lastUsed;
  }

  @Override
  public void release(UpstreamHandler u, int loopIndex, long now) {
    pool.addFirst(u);
  }

  @Override
  public ChannelFuture connect(ServerState server, EventLoop loop, int timeoutMs, long maxIdle) {
    connectAttempts.merge(server.name(), 1, Integer::sum);
    EmbeddedChannel up = EmbeddedChannel.builder().ticker(ticker).build();
    if (failConnects || refuse.contains(server.name())) {
      up.close();
      if (deferConnectFailure) {
        pendingConnect = up.newPromise();
        return pendingConnect;
      }
      return up.newFailedFuture(new java.net.ConnectException("refused"));
    }
    up.pipeline()
        .addLast(
            UpstreamConnector.CODEC,
            strictUpstreamCodec
                ? new Http1ClientCodec(engineDecoderConfig())
                : new HttpClientCodec())
        .addLast(UpstreamConnector.HANDLER, new UpstreamHandler(server, maxIdle));
    // As a real connect does: the handler sees the channel become active.
    up.pipeline().fireChannelActive();
    upstreamChannels.add(up);
    lastUsed = up;
    return up.newSucceededFuture();
  }

  /** Fails the connect left pending by {@link #deferConnectFailure}. */
  void failPendingConnect() {
    pendingConnect.setFailure(new java.net.ConnectException("refused"));
  }

  @Override
  public boolean draining() {
    return draining;
  }

  static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }

  /** Everything the channel has written so far, as text. */
  static String drainText(EmbeddedChannel ch) {
    StringBuilder sb = new StringBuilder();
    Object o;
    while ((o = ch.readOutbound()) != null) {
      if (o instanceof ByteBuf b) {
        sb.append(b.toString(StandardCharsets.ISO_8859_1));
      }
      ReferenceCountUtil.release(o);
    }
    return sb.toString();
  }

  /** Releases whatever the channels still hold. */
  void finish(EmbeddedChannel... clients) {
    for (EmbeddedChannel c : clients) {
      c.finishAndReleaseAll();
    }
    for (EmbeddedChannel u : upstreamChannels) {
      u.finishAndReleaseAll();
    }
  }
}
