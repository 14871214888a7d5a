package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.balance.Balancer;
import io.breakwater.dataplane.balance.PickContext;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.tls.UpstreamTls;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A backend as compiled for one config snapshot: its servers (whose state outlives the snapshot)
 * and a balancer over them. Immutable; a hot swap builds a new one.
 */
public final class BackendRuntime {
  private static final int PICK_ATTEMPTS = 3;

  final Backend config;
  final BackendState state;
  final List<ServerState> servers;
  final Balancer<ServerState> balancer;
  final int connectTimeoutMillis;
  final long serverTimeoutNanos;
  final long queueTimeoutNanos;
  final long tunnelTimeoutNanos;
  final long poolIdleNanos;

  /** The backend's request body limit in bytes; 0 = none (a route's own limit wins). */
  final long maxBodySize;

  /** Requests go to the servers as HTTP/2 streams (protocol h2c or h2). */
  final boolean http2;

  /** TLS to the servers, built once per apply (kept while unchanged); null for plain backends. */
  final UpstreamTls tls;

  /**
   * Whether every server address is an IP literal: then applying the same backend again would
   * resolve nothing new, and a config change elsewhere may leave this runtime as it is.
   */
  final boolean literalAddresses;

  BackendRuntime(Backend config, BackendState state, List<ServerState> servers) {
    this(config, state, servers, null);
  }

  BackendRuntime(Backend config, BackendState state, List<ServerState> servers, UpstreamTls tls) {
    this(config, state, servers, tls, false);
  }

  BackendRuntime(
      Backend config,
      BackendState state,
      List<ServerState> servers,
      UpstreamTls tls,
      boolean literalAddresses) {
    this.config = config;
    this.literalAddresses = literalAddresses;
    this.tls = tls;
    this.state = state;
    this.servers = List.copyOf(servers);
    this.balancer = Balancer.create(config.balance(), this.servers);
    this.connectTimeoutMillis =
        (int) Math.min(Integer.MAX_VALUE, config.timeouts().connect().toMillis());
    this.serverTimeoutNanos = config.timeouts().server().toNanos();
    this.queueTimeoutNanos = config.timeouts().queue().toNanos();
    this.tunnelTimeoutNanos = config.timeouts().tunnel().toNanos();
    this.poolIdleNanos = config.timeouts().poolIdle().toNanos();
    this.http2 = config.protocol().http2();
    this.maxBodySize = config.maxBodySize();
  }

  public Backend config() {
    return config;
  }

  public BackendState state() {
    return state;
  }

  public List<ServerState> servers() {
    return servers;
  }

  /** Whether a server other than {@code server} is eligible now (may a retry go elsewhere?). */
  boolean hasEligibleOtherThan(ServerState server) {
    for (ServerState s : servers) {
      if (s != server && s.eligible() && s.weight() > 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * An eligible server with a slot taken for the caller, or null. A server seen with capacity can
   * be filled by another loop before the slot is taken, so the pick is tried a few times.
   */
  ServerState pickAndAcquire(PickContext ctx) {
    return pickAndAcquire(ctx, null);
  }

  /**
   * Like {@link #pickAndAcquire(PickContext)}, avoiding {@code avoid} (the server a retry is moving
   * away from) as long as the balancer offers another one; a hashing balancer may insist on it, and
   * then it is taken rather than failing the retry.
   */
  ServerState pickAndAcquire(PickContext ctx, ServerState avoid) {
    ServerState fallback = null;
    for (int i = 0; i < PICK_ATTEMPTS; i++) {
      ServerState s = balancer.pick(ctx);
      if (s == null) {
        break;
      }
      if (s == avoid || !s.resilience().admits(ThreadLocalRandom.current())) {
        // Avoided (a retry moving away), or ramping up under slow start: taken only if nothing
        // else turns up.
        fallback = fallback == null ? s : fallback;
        continue;
      }
      if (s.tryAcquire()) {
        return s;
      }
    }
    return fallback != null && fallback.tryAcquire() ? fallback : null;
  }
}
