package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.accesslog.AccessLogWriter;
import io.breakwater.dataplane.config.AccessLog;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.BackendProtocol;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigError;
import io.breakwater.dataplane.config.ConfigException;
import io.breakwater.dataplane.config.Frontend;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.Route;
import io.breakwater.dataplane.config.Server;
import io.breakwater.dataplane.config.SplitBackend;
import io.breakwater.dataplane.config.TrafficPolicy;
import io.breakwater.dataplane.health.HealthProbe;
import io.breakwater.dataplane.health.Prober;
import io.breakwater.dataplane.policy.RoutePolicy;
import io.breakwater.dataplane.route.RouteTable;
import io.breakwater.dataplane.stats.CapturedError;
import io.breakwater.dataplane.stats.ClientSession;
import io.breakwater.dataplane.stats.ErrorCapture;
import io.breakwater.dataplane.stats.StatsSnapshot;
import io.breakwater.dataplane.tls.TlsContexts;
import io.breakwater.dataplane.tls.UpstreamTls;
import io.breakwater.dataplane.transport.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SniHandler;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Ticker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running proxy: event loops, listeners, and the registries of per-name state that survive hot
 * swaps. {@link #apply} compiles a config into runtime objects and publishes them; requests never
 * see a half-applied config because each one reads its listener's compiled frontend once. Applies
 * are serialized by the monitor; the request path takes no lock.
 */
public final class ProxyEngine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProxyEngine.class);

  static final Object DRAIN = new Object();
  static final String PROBE = "probe";
  static final String TLS = "tls";
  static final String CODEC = "codec";
  static final String PROXY_PROTOCOL = "proxy-protocol";
  static final String HANDLER = "proxy";

  /** Request line limit; longer gets 414. */
  public static final int MAX_INITIAL_LINE = 8192;

  /** Request header section limit; larger gets 431. */
  public static final int MAX_HEADER_SIZE = 32768;

  /** Header fields a request may have; more gets 431 (HAProxy's {@code tune.http.maxhdr}). */
  public static final int MAX_HEADER_COUNT = 100;

  /** Largest body chunk handed through at once. */
  public static final int MAX_CHUNK_SIZE = 65536;

  private final Transports transports;
  private final EventLoops loops;
  private final UpstreamConnector connector;
  private final ConnectionLimiter limiter;
  private final Ticker ticker = Ticker.systemTicker();
  private final HealthProbe prober;

  /** Checks of backends with protocol h2c: HTTP checks over cleartext HTTP/2. */
  private final HealthProbe http2Prober;

  private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final HttpDecoderConfig decoderConfig;
  private final Map<HostPort, Listener> listeners = new LinkedHashMap<>();

  /** The listeners as of the last apply, for event-loop readers that must never take the lock. */
  private volatile List<Listener> listenerSnapshot = List.of();

  private final Map<String, FrontendState> frontendStates = new HashMap<>();
  private final Map<String, BackendState> backendStates = new HashMap<>();
  private final Map<String, Map<String, ServerState>> serverStates = new HashMap<>();

  /**
   * Compiled route policies of the running config, by what they were compiled from: an apply reuses
   * the unchanged ones, so rate-limit buckets survive config changes (endpoint updates come often)
   * and are reset only when the policy or route itself changes.
   */
  private Map<List<Object>, RoutePolicy> compiledPolicies = new HashMap<>();

  private volatile Config config;
  private volatile Map<String, BackendRuntime> backends = Map.of();
  private volatile boolean draining;
  private AccessLogWriter accessLog = AccessLogWriter.disabled();
  private AccessLog accessLogConfig = AccessLog.OFF;
  private boolean closed;

  private ProxyEngine(Config config) {
    this.transports = Transports.select(config.global().transport());
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            config.global().effectiveWorkers(),
            new DefaultThreadFactory("breakwater-loop"),
            transports.ioHandlerFactory());
    this.loops = new EventLoops(group);
    this.decoderConfig =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(MAX_INITIAL_LINE)
            .setMaxHeaderSize(MAX_HEADER_SIZE)
            .setMaxChunkSize(MAX_CHUNK_SIZE)
            .setValidateHeaders(true)
            .setAllowDuplicateContentLengths(false)
            .setStrictLineParsing(true)
            .setUseRfc9112TransferEncoding(true);
    this.connector = new UpstreamConnector(transports, decoderConfig, () -> draining);
    this.limiter = new ConnectionLimiter(config.global().maxconn(), () -> listenerSnapshot);
    this.prober = new HealthProbe(transports);
    this.http2Prober = new HealthProbe(transports, true);
  }

  /** Starts the proxy on a config, or throws without leaving anything running. */
  public static ProxyEngine start(Config config) {
    ProxyEngine engine = new ProxyEngine(config);
    try {
      engine.apply(config);
    } catch (RuntimeException e) {
      engine.loops.group().shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      throw e;
    }
    log.info(
        "dataplane started: transport={} workers={} listeners={}",
        engine.transports.name(),
        engine.loops.size(),
        engine.listenerSnapshot.size());
    return engine;
  }

  /** The transport in use: {@code epoll} or {@code nio}. */
  public String transport() {
    return transports.name();
  }

  /** The config running now. */
  public Config config() {
    return config;
  }

  /**
   * Replaces the running config atomically. Listeners whose address stays keep their socket; new
   * addresses are bound before anything is published, so a bind failure leaves the old config
   * running untouched. Servers that remain keep their pools, slots and counters; removed servers
   * take no new request once this returns, and close their connections as they become idle.
   *
   * @throws ConfigException when the config is invalid or a server address does not resolve
   * @throws IllegalStateException when called on an event loop (binding blocks) or after close
   */
  public synchronized void apply(Config newConfig) {
    apply(newConfig, Map.of());
  }

  /**
   * {@link #apply(Config)}, giving servers this apply creates an administrative state before they
   * are published, so that a server can be added in MAINT without a moment in rotation (HAProxy's
   * {@code add server}). Servers that already run keep theirs.
   *
   * @param newServerAdminStates backend name → server name → state; servers not named start READY
   */
  public synchronized void apply(
      Config newConfig, Map<String, Map<String, AdminState>> newServerAdminStates) {
    checkUsable();
    List<Integer> changed = changedBackendsOnly(newConfig);
    if (changed != null) {
      applyBackends(newConfig, changed, newServerAdminStates);
      return;
    }
    // A backend equal to the running one keeps its compiled runtime: it was checked, resolved and
    // compiled when it was applied, and nothing it holds depends on the rest of the config.
    List<Backend> nextBackends = newConfig.backends();
    BackendRuntime[] reused = new BackendRuntime[nextBackends.size()];
    for (int b = 0; b < reused.length; b++) {
      reused[b] = reusable(nextBackends.get(b));
    }
    List<ConfigError> errors =
        io.breakwater.dataplane.config.ConfigValidator.validate(newConfig, b -> reused[b] != null);
    if (!errors.isEmpty()) {
      throw new ConfigException("config", errors);
    }
    Map<String, Map<String, InetSocketAddress>> resolved = new HashMap<>();
    for (int b = 0; b < reused.length; b++) {
      if (reused[b] == null) {
        resolve(b, nextBackends.get(b), resolved, errors);
      }
    }
    if (!errors.isEmpty()) {
      throw new ConfigException("config", errors);
    }
    warnOnRestartOnlyChanges(newConfig);

    // TLS material is read (files, PEM, key matches) before anything changes; a problem on either
    // side refuses the config with every TLS error at once.
    Map<String, UpstreamTls> upstreamTls = new HashMap<>();
    Map<String, TlsContexts> tls = Map.of();
    List<ConfigError> tlsErrors = new ArrayList<>();
    for (int b = 0; b < reused.length; b++) {
      if (reused[b] == null) {
        upstreamTls(b, nextBackends.get(b), upstreamTls, tlsErrors);
      }
    }
    try {
      tls = tlsContexts(newConfig.frontends());
    } catch (ConfigException e) {
      tlsErrors.addAll(0, e.errors()); // frontends come first in the document
    }
    if (!tlsErrors.isEmpty()) {
      throw new ConfigException("config", tlsErrors);
    }

    // Compile: backends first (routes point at their states), reusing per-name state.
    Map<String, BackendRuntime> newBackends = new HashMap<>();
    List<Compiled> compiled = new ArrayList<>();
    for (int i = 0; i < reused.length; i++) {
      Backend b = nextBackends.get(i);
      if (reused[i] != null) {
        newBackends.put(b.name(), reused[i]);
        continue;
      }
      Compiled c =
          compile(
              b,
              resolved.get(b.name()),
              upstreamTls.get(b.name()),
              newServerAdminStates.getOrDefault(b.name(), Map.of()));
      compiled.add(c);
      newBackends.put(b.name(), c.runtime());
    }
    Map<HostPort, FrontendRuntime> newFrontends = new LinkedHashMap<>();
    Map<List<Object>, RoutePolicy> newPolicies = new HashMap<>();
    for (Frontend f : newConfig.frontends()) {
      RouteTable.Builder<RouteTarget> routes = RouteTable.builder();
      for (Route r : f.routes()) {
        RoutePolicy policy =
            policy(r.policy().over(f.policy()), r.host(), r.path(), r.pathType(), newPolicies);
        routes.add(
            r.host(),
            r.path(),
            r.pathType(),
            RouteTarget.of(
                newBackends.get(r.backend()).state,
                r.faults(),
                policy,
                split(r, newBackends),
                mirror(r.policy().over(f.policy()), newBackends)));
      }
      BackendState def =
          f.defaultBackend() == null ? null : newBackends.get(f.defaultBackend()).state;
      FrontendState fs = frontendStates.computeIfAbsent(f.name(), FrontendState::new);
      newFrontends.put(
          f.listen(),
          new FrontendRuntime(
              f, fs, routes.build(), def, mirror(f.policy(), newBackends), tls.get(f.name())));
    }

    // Open a changed access log before anything is published: a bad path refuses the config.
    AccessLogWriter newLog = accessLog;
    AccessLog logConfig = newConfig.global().accessLog();
    if (!logConfig.equals(accessLogConfig)) {
      try {
        newLog = AccessLogWriter.open(logConfig);
      } catch (IOException | RuntimeException e) {
        throw new ConfigException(
            "config", List.of(new ConfigError("global.accessLog", e.getMessage())));
      }
    }

    // Bind new addresses before publishing anything.
    List<Listener> added = new ArrayList<>();
    for (Map.Entry<HostPort, FrontendRuntime> e : newFrontends.entrySet()) {
      if (!listeners.containsKey(e.getKey())) {
        Listener l = new Listener(e.getKey(), e.getValue());
        try {
          bind(l);
        } catch (Exception ex) { // Netty rethrows the bind's checked exception undeclared
          for (Listener a : added) {
            a.serverChannel().close().syncUninterruptibly();
          }
          if (newLog != accessLog) {
            newLog.close();
          }
          throw new ConfigException(
              "config",
              List.of(
                  new ConfigError(
                      "frontends[" + indexOf(newConfig, e.getKey()) + "].listen",
                      "cannot bind " + e.getKey() + ": " + ex.getMessage())));
        }
        added.add(l);
      }
    }

    // Publish. Backends first: a route reads its backend's current runtime.
    compiledPolicies = newPolicies;
    publish(compiled);
    for (Listener a : added) {
      listeners.put(a.address(), a);
    }
    for (Map.Entry<HostPort, FrontendRuntime> e : newFrontends.entrySet()) {
      Listener l = listeners.get(e.getKey());
      l.setAccessLog(newLog);
      l.setCurrent(e.getValue());
    }
    if (newLog != accessLog) {
      AccessLogWriter old = accessLog;
      accessLog = newLog;
      accessLogConfig = logConfig;
      old.close(); // what requests already queued on it is written first
    }
    this.backends = Map.copyOf(newBackends);
    this.config = newConfig;
    limiter.setMax(newConfig.global().maxconn());

    // Retire what is gone: listeners stop accepting (open connections finish), servers drain.
    listeners
        .entrySet()
        .removeIf(
            e -> {
              if (newFrontends.containsKey(e.getKey())) {
                return false;
              }
              e.getValue().serverChannel().close();
              return true;
            });
    serverStates
        .entrySet()
        .removeIf(
            e -> {
              if (newBackends.containsKey(e.getKey())) {
                return false;
              }
              e.getValue().values().forEach(ServerState::markRemoved);
              return true;
            });
    for (Compiled c : compiled) {
      syncServers(c.runtime());
    }
    listenerSnapshot = List.copyOf(listeners.values());
    backendStates.keySet().retainAll(newBackends.keySet());
    frontendStates.keySet().retainAll(newConfig.frontends().stream().map(Frontend::name).toList());
  }

  /**
   * Replaces one running backend (found by its name), everything else unchanged: the path of a
   * server change (pod churn, {@code set server}, {@code add server}). Only this backend is
   * validated, resolved and compiled; routes, splits, mirrors and default backends reach it through
   * its {@link BackendState}, so publishing its new runtime reaches them all at once and no route
   * table is rebuilt. Servers that remain keep their pools, slots and counters; removed ones drain;
   * new ones start with the administrative state given, else READY. Afterwards {@link #config()} is
   * the whole config with this backend replaced, as {@link #apply} would leave it.
   *
   * @param newServerAdminStates server name → state, for servers this change creates
   * @throws ConfigException when there is no such backend or the backend is invalid (paths as in
   *     the whole config: {@code backends[i]...}); nothing changes then
   */
  public synchronized void applyBackend(
      Backend backend, Map<String, AdminState> newServerAdminStates) {
    checkUsable();
    Config c = config;
    List<Backend> list = new ArrayList<>(c.backends());
    int i = indexOf(list, backend.name());
    if (i < 0) {
      throw new ConfigException(
          "config",
          List.of(new ConfigError("backends", "no backend named \"" + backend.name() + "\"")));
    }
    list.set(i, backend);
    applyBackends(
        new Config(c.global(), c.defaults(), c.frontends(), list),
        List.of(i),
        newServerAdminStates.isEmpty() ? Map.of() : Map.of(backend.name(), newServerAdminStates));
  }

  private void checkUsable() {
    if (closed) {
      throw new IllegalStateException("dataplane is closed");
    }
    for (EventExecutor e : loops.group()) {
      if (e.inEventLoop()) {
        throw new IllegalStateException("apply() must not run on an event loop");
      }
    }
  }

  /**
   * When {@code next} differs from the running config only inside some backends (same global,
   * defaults and frontends, the same backend names in the same order), the indexes of those
   * backends, so that {@link #apply} can take the one-backend path for each. Null when anything
   * else changed, or when the whole apply would do more for an unchanged part: resolve a host name
   * again (a backend with a server named by DNS), or reload TLS files that changed on disk.
   */
  private List<Integer> changedBackendsOnly(Config next) {
    Config prev = config;
    if (prev == null
        || !prev.global().equals(next.global())
        || !prev.defaults().equals(next.defaults())
        || prev.backends().size() != next.backends().size()
        || !prev.frontends().equals(next.frontends())) {
      return null;
    }
    for (Listener l : listeners.values()) {
      FrontendRuntime f = l.current();
      if (f.tls != null && !f.tls.isCurrentFor(f.config.tls(), f.config.http2())) {
        return null;
      }
    }
    List<Integer> changed = new ArrayList<>();
    for (int i = 0; i < next.backends().size(); i++) {
      Backend p = prev.backends().get(i);
      Backend n = next.backends().get(i);
      if (!p.name().equals(n.name())) {
        return null;
      }
      if (p.equals(n)) {
        BackendRuntime running = backends.get(p.name());
        if (running == null
            || !running.literalAddresses
            || (running.tls != null && !running.tls.isCurrentFor(p.tls(), alpn(p)))) {
          return null;
        }
      } else {
        changed.add(i);
      }
    }
    return changed;
  }

  /**
   * Applies {@code newConfig}, which differs from the running one only in the backends at {@code
   * changed}: validates, resolves and compiles those alone, then publishes their runtimes.
   */
  private void applyBackends(
      Config newConfig,
      List<Integer> changed,
      Map<String, Map<String, AdminState>> newServerAdminStates) {
    List<ConfigError> errors = new ArrayList<>();
    for (int i : changed) {
      errors.addAll(
          io.breakwater.dataplane.config.ConfigValidator.validateBackend(
              newConfig.backends().get(i), i));
    }
    if (!errors.isEmpty()) {
      throw new ConfigException("config", errors);
    }
    Map<String, Map<String, InetSocketAddress>> resolved = new HashMap<>();
    for (int i : changed) {
      resolve(i, newConfig.backends().get(i), resolved, errors);
    }
    if (!errors.isEmpty()) {
      throw new ConfigException("config", errors);
    }
    Map<String, UpstreamTls> upstreamTls = new HashMap<>();
    for (int i : changed) {
      upstreamTls(i, newConfig.backends().get(i), upstreamTls, errors);
    }
    if (!errors.isEmpty()) {
      throw new ConfigException("config", errors);
    }
    List<Compiled> compiled = new ArrayList<>(changed.size());
    for (int i : changed) {
      Backend b = newConfig.backends().get(i);
      compiled.add(
          compile(
              b,
              resolved.get(b.name()),
              upstreamTls.get(b.name()),
              newServerAdminStates.getOrDefault(b.name(), Map.of())));
    }

    publish(compiled);
    Map<String, BackendRuntime> all = new HashMap<>(backends);
    for (Compiled c : compiled) {
      all.put(c.runtime().config.name(), c.runtime());
    }
    this.backends = Map.copyOf(all);
    this.config = newConfig;
    for (Compiled c : compiled) {
      syncServers(c.runtime());
    }
  }

  /**
   * The running runtime of a backend when {@code b} can keep it in a whole apply: its config is
   * equal, every address is an IP literal (so resolving again gives the same), and its TLS files
   * did not change on disk. Null otherwise: the backend is checked, resolved and compiled again.
   */
  private BackendRuntime reusable(Backend b) {
    BackendRuntime running = backends.get(b.name());
    if (running == null
        || !running.literalAddresses
        || !running.config.equals(b)
        || (running.tls != null && !running.tls.isCurrentFor(b.tls(), alpn(b)))) {
      return null;
    }
    return running;
  }

  /** A backend compiled and not yet published: its runtime and its servers' new configs. */
  private record Compiled(
      BackendRuntime runtime, List<Server> configs, List<InetSocketAddress> addresses) {}

  /**
   * A backend compiled over its servers' states: the running ones reused by name, new ones created
   * (in the administrative state {@code newAdminStates} gives them). Nothing is published here.
   */
  private Compiled compile(
      Backend b,
      Map<String, InetSocketAddress> resolved,
      UpstreamTls tls,
      Map<String, AdminState> newAdminStates) {
    BackendState bs = backendStates.computeIfAbsent(b.name(), n -> new BackendState(n, ticker));
    Map<String, ServerState> existing = serverStates.getOrDefault(b.name(), Map.of());
    List<ServerState> servers = new ArrayList<>(b.servers().size());
    List<InetSocketAddress> addresses = new ArrayList<>(b.servers().size());
    boolean literal = true;
    for (Server s : b.servers()) {
      InetSocketAddress addr = resolved.get(s.name());
      ServerState st = existing.get(s.name());
      if (st == null) {
        st = new ServerState(bs, s, addr, loops, ticker);
        AdminState initial = newAdminStates.get(s.name());
        if (initial != null) {
          st.initAdminState(initial);
        }
      }
      literal &=
          NetUtil.isValidIpV4Address(s.address().host())
              || NetUtil.isValidIpV6Address(s.address().host());
      servers.add(st);
      addresses.add(addr);
    }
    return new Compiled(new BackendRuntime(b, bs, servers, tls, literal), b.servers(), addresses);
  }

  /**
   * Publishes compiled backends: policy, then server config, then the runtime, so a compiled
   * runtime never sees stale state; from the last step on every route that names a backend sends
   * its requests to the new runtime.
   */
  private static void publish(List<Compiled> compiled) {
    for (Compiled c : compiled) {
      c.runtime().state.configure(c.runtime().config.policy(), c.runtime().servers.size());
    }
    for (Compiled c : compiled) {
      BackendRuntime br = c.runtime();
      for (int i = 0; i < br.servers.size(); i++) {
        br.servers
            .get(i)
            .update(c.configs().get(i), c.addresses().get(i), br.config.policy(), br.tls);
      }
    }
    for (Compiled c : compiled) {
      c.runtime().state.setCurrent(c.runtime());
    }
  }

  /**
   * After a backend's new runtime is published: registers its servers by name, drains those of the
   * previous runtime that it no longer has, and brings the health checkers in line.
   */
  private void syncServers(BackendRuntime br) {
    Map<String, ServerState> byName = new HashMap<>();
    for (ServerState st : br.servers) {
      byName.put(st.name(), st);
    }
    Map<String, ServerState> previous = serverStates.put(br.config.name(), byName);
    if (previous != null) {
      for (ServerState st : previous.values()) {
        if (byName.get(st.name()) != st) {
          st.markRemoved();
        }
      }
    }
    for (ServerState st : br.servers) {
      st.resilience().syncChecker(checkProber(st), checkLoop(st), st.address(), st.adminState());
    }
  }

  private static int indexOf(List<Backend> backends, String name) {
    for (int i = 0; i < backends.size(); i++) {
      if (backends.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Checks a server the way its traffic goes: over TLS with its backend's current context when the
   * backend has one (read at each check, so a TLS change applies from the next check on), unless
   * the check says {@code tls: false}; HTTP checks of an HTTP/2 backend speak HTTP/2.
   */
  private Prober checkProber(ServerState st) {
    return (loop, target, check) -> {
      UpstreamTls t = st.tls();
      BackendRuntime current = st.backend().current();
      // HTTP checks speak the backend's protocol, read at each check like its TLS.
      HealthProbe p = current != null && current.http2 ? http2Prober : prober;
      return t == null || !check.tls()
          ? p.probe(loop, target, check)
          : p.probe(loop, target, check, t, st.config().address().host());
    };
  }

  /** Spreads health checks over the event loops, a server always on the same one. */
  private io.netty.channel.EventLoop checkLoop(ServerState st) {
    int h = (st.backend().name() + "/" + st.name()).hashCode();
    return loops.get(Math.floorMod(h, loops.size()));
  }

  private static int indexOf(Config c, HostPort listen) {
    for (int i = 0; i < c.frontends().size(); i++) {
      if (c.frontends().get(i).listen().equals(listen)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Resolves the servers of {@code backend}, {@code backends[b]} of the config, into {@code out}
   * (backend name → server name → address); a host that does not resolve adds an error.
   */
  private static void resolve(
      int b,
      Backend backend,
      Map<String, Map<String, InetSocketAddress>> out,
      List<ConfigError> errors) {
    Map<String, InetSocketAddress> byName = new HashMap<>();
    for (int s = 0; s < backend.servers().size(); s++) {
      Server server = backend.servers().get(s);
      InetSocketAddress a = new InetSocketAddress(server.address().host(), server.address().port());
      if (a.isUnresolved()) {
        errors.add(
            new ConfigError(
                "backends[" + b + "].servers[" + s + "].address",
                "cannot resolve host \"" + server.address().host() + "\""));
      }
      byName.put(server.name(), a);
    }
    out.put(backend.name(), byName);
  }

  private void warnOnRestartOnlyChanges(Config next) {
    Config prev = config;
    if (prev == null) {
      return;
    }
    if (prev.global().workers() != next.global().workers()
        || prev.global().transport() != next.global().transport()) {
      log.warn("global.workers and global.transport take effect at the next restart");
    }
    if (!prev.global().runtimeApi().equals(next.global().runtimeApi())
        || !java.util.Objects.equals(prev.global().stats(), next.global().stats())
        || !java.util.Objects.equals(prev.global().dataplaneApi(), next.global().dataplaneApi())) {
      log.warn(
          "global.runtimeApi, global.stats and global.dataplaneApi take effect at the next"
              + " restart");
    }
  }

  private void bind(Listener l) {
    ServerBootstrap b =
        new ServerBootstrap()
            .group(loops.group(), loops.group())
            .channel(transports.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 4096)
            .option(ChannelOption.SO_REUSEADDR, true)
            // TCP_NODELAY is every Netty transport's default on Linux; setting it again would cost
            // a system call per accepted connection.
            .childOption(ChannelOption.AUTO_READ, true)
            .childHandler(new ClientInitializer(l));
    ChannelFuture f =
        b.bind(new InetSocketAddress(l.address().host(), l.address().port())).syncUninterruptibly();
    l.bound(f.channel());
  }

  /** A route's merged policy compiled, or the running one when it was compiled from the same. */
  private RoutePolicy policy(
      TrafficPolicy merged,
      String host,
      String path,
      io.breakwater.dataplane.config.PathType type,
      Map<List<Object>, RoutePolicy> into) {
    List<Object> key = java.util.Arrays.asList(merged, host, path, type);
    RoutePolicy p = into.get(key);
    if (p == null) {
      p = compiledPolicies.get(key);
      if (p == null) {
        p = RoutePolicy.compile(merged, path, type);
      }
      if (p != null) {
        into.put(key, p);
      }
    }
    return p;
  }

  /** A policy's mirror compiled over the new backends, or null when it has none. */
  private MirrorTarget mirror(TrafficPolicy p, Map<String, BackendRuntime> backends) {
    TrafficPolicy.Mirror m = p.mirror();
    if (m == null || !m.enabled() || m.percent() <= 0) {
      return null;
    }
    return new MirrorTarget(
        backends.get(m.backend()).state, m.percent(), m.bodyLimit(), transports.channel());
  }

  /** A route's split compiled over the new backends, or null when it has none. */
  private static RouteTarget.Split split(Route r, Map<String, BackendRuntime> backends) {
    List<SplitBackend> split = r.split();
    if (split.isEmpty()) {
      return null;
    }
    int n = split.size();
    BackendState[] targets = new BackendState[n];
    String[] headerNames = new String[n];
    String[] headerValues = new String[n];
    String[] cookieNames = new String[n];
    String[] cookieValues = new String[n];
    int[] cumulative = new int[n];
    boolean anyCookie = false;
    int sum = 0;
    for (int i = 0; i < n; i++) {
      SplitBackend b = split.get(i);
      targets[i] = backends.get(b.backend()).state;
      if (b.header() != null) {
        headerNames[i] = b.header().name();
        headerValues[i] = b.header().value();
      }
      if (b.cookie() != null) {
        cookieNames[i] = b.cookie().name();
        cookieValues[i] = b.cookie().value();
        anyCookie = true;
      }
      sum += b.weight();
      cumulative[i] = sum;
    }
    return new RouteTarget.Split(
        targets, headerNames, headerValues, cookieNames, cookieValues, cumulative, anyCookie);
  }

  /**
   * The TLS contexts of the frontends that have a {@code tls} block, by frontend name: a running
   * frontend's are kept when its block and files are unchanged, the others are built (reading the
   * files) before anything is published, so a bad certificate refuses the whole config.
   */
  private Map<String, TlsContexts> tlsContexts(List<Frontend> frontends) {
    Map<String, TlsContexts> running = new HashMap<>();
    for (Listener l : listeners.values()) {
      if (l.current().tls != null) {
        running.put(l.current().config.name(), l.current().tls);
      }
    }
    Map<String, TlsContexts> out = new HashMap<>();
    List<ConfigError> errors = new ArrayList<>();
    for (int i = 0; i < frontends.size(); i++) {
      Frontend f = frontends.get(i);
      if (f.tls() == null) {
        continue;
      }
      TlsContexts old = running.get(f.name());
      if (old != null && old.isCurrentFor(f.tls(), f.http2())) {
        out.put(f.name(), old);
        continue;
      }
      try {
        out.put(f.name(), TlsContexts.build(f.tls(), f.http2(), "frontends[" + i + "].tls"));
      } catch (ConfigException e) {
        errors.addAll(e.errors());
      }
    }
    if (!errors.isEmpty()) {
      throw new ConfigException("config", errors);
    }
    return out;
  }

  /**
   * The TLS context of {@code b}, {@code backends[i]} of the config, into {@code out} when it has a
   * {@code tls} block: the running backend's context is kept when its block and files are unchanged
   * (so are its pooled connections); otherwise it is built before anything is published, so a bad
   * CA or client certificate refuses the config (the error goes to {@code errors}).
   */
  private void upstreamTls(
      int i, Backend b, Map<String, UpstreamTls> out, List<ConfigError> errors) {
    if (b.tls() == null) {
      return;
    }
    BackendState bs = backendStates.get(b.name());
    BackendRuntime running = bs == null ? null : bs.current();
    List<String> alpn = alpn(b);
    if (running != null && running.tls != null && running.tls.isCurrentFor(b.tls(), alpn)) {
      out.put(b.name(), running.tls);
      return;
    }
    try {
      out.put(b.name(), UpstreamTls.build(b.tls(), alpn, "backends[" + i + "].tls"));
    } catch (ConfigException e) {
      errors.addAll(e.errors());
    }
  }

  /**
   * What a backend offers by ALPN: protocol h2 only h2 (a server that cannot fails the connect).
   */
  private static List<String> alpn(Backend b) {
    return b.protocol() == BackendProtocol.H2
        ? List.of(ApplicationProtocolNames.HTTP_2)
        : List.of();
  }

  /** Builds a client connection's pipeline, top to bottom. */
  private final class ClientInitializer extends ChannelInitializer<SocketChannel> {
    private final Listener listener;

    ClientInitializer(Listener listener) {
      this.listener = listener;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
      if (draining || !limiter.tryAcquire()) {
        ch.close();
        return;
      }
      ch.closeFuture().addListener(f -> limiter.release());
      FrontendRuntime frontend = listener.current();
      int perClientMax = frontend.config.maxconnPerClient();
      if (perClientMax > 0 && !acquirePerClient(ch, frontend.state.perClient(), perClientMax)) {
        return;
      }
      clients.add(ch);
      FrontendHandler handler = new FrontendHandler(listener, connector);
      ChannelPipeline p = ch.pipeline();
      p.addLast(PROBE, new ClientProbe(handler));
      if (frontend.config.proxyProtocol()) {
        // Before TLS: the header precedes the handshake. Removes itself once the header is read;
        // a connection without one is closed.
        p.addLast(PROXY_PROTOCOL, new HAProxyMessageDecoder());
      }
      if (frontend.tls != null) {
        // Replaced by the SslHandler of the certificate the client's SNI name chooses.
        p.addLast(TLS, new SniHandler(frontend.tls));
      }
      if (frontend.config.http2()) {
        p.addLast(
            ProtocolSelectors.NAME,
            frontend.tls != null
                ? new ProtocolSelectors.Alpn(listener, connector, handler)
                : new ProtocolSelectors.PriorKnowledge(listener, connector, handler));
      }
      p.addLast(CODEC, new Http1ServerCodec(decoderConfig.clone(), MAX_HEADER_COUNT));
      p.addLast(HANDLER, handler);
    }
  }

  /**
   * Counts a new connection against its client's {@code maxconnPerClient}; over it, the connection
   * is closed at once, before any handler sees it (no answer: on a TLS or HTTP/2 frontend an
   * HTTP/1.1 error would cost a handshake or be unreadable).
   */
  private static boolean acquirePerClient(SocketChannel ch, PerClientConnections counts, int max) {
    InetAddress client = ch.remoteAddress().getAddress();
    if (!counts.tryAcquire(client, max)) {
      ch.close();
      return false;
    }
    ch.closeFuture().addListener(f -> counts.release(client));
    return true;
  }

  // ---- introspection for stats, tests and the Runtime API ----

  /** The port a frontend's listener is bound to, or -1 when there is no such frontend. */
  public synchronized int boundPort(String frontendName) {
    for (Listener l : listeners.values()) {
      if (l.current().config.name().equals(frontendName)) {
        return l.boundPort();
      }
    }
    return -1;
  }

  /** A frontend as compiled now (its route table), or null: for tests. */
  synchronized FrontendRuntime frontendRuntime(String name) {
    for (Listener l : listeners.values()) {
      if (l.current().config.name().equals(name)) {
        return l.current();
      }
    }
    return null;
  }

  /** Counters of a frontend, or null. */
  public synchronized FrontendState frontendState(String name) {
    return frontendStates.get(name);
  }

  /** The compiled backend, or null. */
  public BackendRuntime backend(String name) {
    return backends.get(name);
  }

  /** Client connections open now. */
  public int connections() {
    return limiter.count();
  }

  /** Everything the operator interfaces show, read now. */
  public synchronized StatsSnapshot stats(long version, long appliedAt) {
    return stats(version, appliedAt, true);
  }

  /**
   * The process information alone ({@code show info}), without a row per backend and server: a
   * controller asks for it at every sync, and with thousands of servers the rows cost.
   */
  public synchronized StatsSnapshot.Info info(long version, long appliedAt) {
    return stats(version, appliedAt, false).info();
  }

  private StatsSnapshot stats(long version, long appliedAt, boolean withBackends) {
    Map<String, Integer> ports = new HashMap<>();
    for (Listener l : listeners.values()) {
      ports.put(l.current().config.name(), l.boundPort());
    }
    List<BackendRuntime> ordered = new ArrayList<>();
    for (Backend b : withBackends ? config.backends() : List.<Backend>of()) {
      BackendRuntime br = backends.get(b.name());
      if (br != null) {
        ordered.add(br);
      }
    }
    return StatsCollector.collect(
        config,
        frontendStates,
        ordered,
        ports,
        limiter.count(),
        transports.name(),
        version,
        appliedAt,
        accessLog);
  }

  /**
   * The malformed requests and responses captured by every frontend, oldest first, at most {@link
   * ErrorCapture#CAPACITY}.
   */
  public synchronized List<CapturedError> recentErrors() {
    List<CapturedError> all = new ArrayList<>();
    for (FrontendState f : frontendStates.values()) {
      all.addAll(f.errors().recent());
    }
    all.sort(Comparator.comparingLong(CapturedError::atMillis));
    return List.copyOf(all.subList(Math.max(0, all.size() - ErrorCapture.CAPACITY), all.size()));
  }

  /** The client connections open now, oldest first. */
  public List<ClientSession> sessions() {
    long now = System.nanoTime();
    List<ClientSession> out = new ArrayList<>();
    for (Channel ch : clients) {
      FrontendHandler h = ch.pipeline().get(FrontendHandler.class);
      if (h != null) {
        out.add(
            new ClientSession(
                ch.id().asShortText(),
                h.frontendName(),
                addressText(ch.remoteAddress()),
                TimeUnit.NANOSECONDS.toMillis(now - h.acceptedNanos())));
      }
    }
    out.sort(Comparator.comparingLong(ClientSession::ageMillis).reversed());
    return out;
  }

  /** {@code ip:port} of a socket address, {@code [v6]:port} for IPv6. */
  static String addressText(java.net.SocketAddress address) {
    if (address instanceof InetSocketAddress a && a.getAddress() != null) {
      String ip = a.getAddress().getHostAddress();
      return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + a.getPort();
    }
    return String.valueOf(address);
  }

  /** Resets every traffic counter ({@code clear counters}). */
  public synchronized void clearCounters() {
    frontendStates.values().forEach(FrontendState::clear);
    backendStates.values().forEach(BackendState::clear);
    serverStates.values().forEach(m -> m.values().forEach(ServerState::clear));
  }

  // ---- shutdown ----

  /**
   * Graceful stop: listeners close, idle keep-alive connections close, busy ones close after their
   * current response; after {@code grace} whatever remains is closed. Returns true when every
   * connection finished within the grace period.
   */
  public boolean shutdown(Duration grace) {
    synchronized (this) {
      if (closed) {
        return true;
      }
      closed = true;
      draining = true;
      for (Listener l : listeners.values()) {
        l.serverChannel().close().syncUninterruptibly();
      }
    }
    for (Channel ch : clients) {
      ch.eventLoop().execute(() -> ch.pipeline().fireUserEventTriggered(DRAIN));
    }
    boolean clean;
    try {
      clean = limiter.awaitZero(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      clean = false;
    }
    clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    synchronized (this) {
      accessLog.close();
    }
    loops
        .group()
        .shutdownGracefully(0, 2, TimeUnit.SECONDS)
        .awaitUninterruptibly(10, TimeUnit.SECONDS);
    log.info("dataplane stopped{}", clean ? "" : " (grace period expired; connections were cut)");
    return clean;
  }

  @Override
  public void close() {
    shutdown(Duration.ZERO);
  }
}
