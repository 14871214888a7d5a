package io.breakwater.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.Balance;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.Defaults;
import io.breakwater.dataplane.config.Frontend;
import io.breakwater.dataplane.config.Global;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.PathType;
import io.breakwater.dataplane.config.Route;
import io.breakwater.dataplane.config.Server;
import io.breakwater.dataplane.config.Timeouts;
import io.breakwater.dataplane.config.Transport;
import io.breakwater.dataplane.echo.EchoServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hot-swap guarantee under load: configs are swapped 50 times a second for 20 seconds (servers
 * added, removed and re-weighted; routes changed) while clients send requests on keep-alive
 * connections. No request may fail, and once a swap has returned no new request may reach a server
 * it removed.
 */
class HotSwapIT {
  private static final int SERVERS = 5;
  private static final int CLIENTS = 4;
  private static final Duration RUN = Duration.ofSeconds(20);
  private static final int SWAPS_PER_SECOND = 50;

  /** What was known about a removed server when the swap that removed it returned. */
  private record Removal(long echoCountThen, int inFlightThen) {}

  @Test
  @Timeout(120)
  void swapsFiftyTimesASecondUnderLoadWithoutFailures() throws Exception {
    List<EchoServer> echoes = new ArrayList<>();
    for (int i = 0; i < SERVERS; i++) {
      echoes.add(EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "s" + i));
    }
    Random random = new Random(42);
    Dataplane dp = Dataplane.start(config(echoes, List.of(0, 1, 2), List.of(0, 1, 2), random, 0));
    int port = dp.port("http");
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong ok = new AtomicLong();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      int id = i;
      Thread t = new Thread(() -> load(port, id, running, ok, failures), "load-" + i);
      t.start();
      clients.add(t);
    }

    Map<Integer, Removal> removed = new HashMap<>();
    List<String> violations = new ArrayList<>();
    long swaps = 0;
    long start = System.nanoTime();
    long interval = 1_000_000_000L / SWAPS_PER_SECOND;
    try {
      while (System.nanoTime() - start < RUN.toNanos()) {
        List<Integer> next = randomSubset(random);
        List<Integer> apiSet = randomSubset(random);
        // Servers coming back: check the previous removal first, then forget it.
        for (int s : next) {
          checkRemoval(removed.remove(s), echoes.get(s), s, violations);
        }
        for (int s : apiSet) {
          checkRemoval(removed.remove(s), echoes.get(s), s, violations);
        }
        List<Integer> stillUsed = new ArrayList<>(next);
        stillUsed.addAll(apiSet);
        dp.apply(config(echoes, next, apiSet, random, swaps));
        swaps++;
        for (int s = 0; s < SERVERS; s++) {
          if (!stillUsed.contains(s) && !removed.containsKey(s)) {
            // Each client has at most one request in flight: only those that arrived before the
            // swap returned may still reach the removed server.
            removed.put(s, new Removal(echoes.get(s).requests(), CLIENTS));
          }
        }
        long nextAt = start + swaps * interval;
        while (System.nanoTime() < nextAt) {
          Thread.onSpinWait();
        }
      }
    } finally {
      running.set(false);
      for (Thread t : clients) {
        t.join(10_000);
      }
    }
    removed.forEach((s, r) -> checkRemoval(r, echoes.get(s), s, violations));
    dp.close();
    for (EchoServer e : echoes) {
      e.close();
    }
    assertThat(swaps).isGreaterThanOrEqualTo(RUN.toSeconds() * SWAPS_PER_SECOND * 9 / 10);
    assertThat(failures).isEmpty();
    assertThat(ok.get()).isGreaterThan(1000);
    assertThat(violations).isEmpty();
  }

  private static void checkRemoval(Removal r, EchoServer echo, int s, List<String> violations) {
    if (r != null && echo.requests() > r.echoCountThen() + r.inFlightThen()) {
      violations.add(
          "s"
              + s
              + " served "
              + (echo.requests() - r.echoCountThen())
              + " requests after its removal, with at most "
              + r.inFlightThen()
              + " in flight then");
    }
  }

  private static List<Integer> randomSubset(Random random) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < SERVERS; i++) {
      if (random.nextBoolean()) {
        out.add(i);
      }
    }
    if (out.isEmpty()) {
      out.add(random.nextInt(SERVERS));
    }
    return out;
  }

  private static Config config(
      List<EchoServer> echoes, List<Integer> main, List<Integer> api, Random random, long swap) {
    Timeouts t = Timeouts.DEFAULT;
    List<Route> routes = new ArrayList<>();
    routes.add(new Route(null, "/api", PathType.PREFIX, "api"));
    // Routes change too: a route that exists on every other swap.
    if (swap % 2 == 0) {
      routes.add(new Route(null, "/swap", PathType.PREFIX, "api"));
    }
    Frontend f = new Frontend("http", new HostPort("127.0.0.1", 0), "main", routes, t);
    return new Config(
        new Global(2, 10_000, Transport.AUTO, Duration.ofSeconds(5)),
        Defaults.DEFAULT,
        List.of(f),
        List.of(
            new Backend("main", Balance.ROUNDROBIN, 0, t, servers(echoes, main, random)),
            new Backend("api", Balance.LEASTCONN, 0, t, servers(echoes, api, random))));
  }

  private static List<Server> servers(List<EchoServer> echoes, List<Integer> ids, Random random) {
    List<Server> out = new ArrayList<>();
    for (int id : ids) {
      out.add(
          new Server(
              "s" + id,
              new HostPort("127.0.0.1", echoes.get(id).port()),
              1 + random.nextInt(10),
              0));
    }
    return out;
  }

  private static void load(
      int port,
      int id,
      AtomicBoolean running,
      AtomicLong ok,
      ConcurrentLinkedQueue<String> failures) {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    String[] paths = {"/", "/api/x", "/swap/y", "/other"};
    int i = 0;
    while (running.get()) {
      String path = paths[i++ % paths.length];
      HttpRequest req =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path + "?c=" + id))
              .timeout(Duration.ofSeconds(10))
              .build();
      try {
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          ok.incrementAndGet();
        } else {
          failures.add(path + " -> " + r.statusCode() + " " + r.body());
        }
      } catch (Exception e) {
        failures.add(path + " -> " + e);
      }
    }
  }
}
