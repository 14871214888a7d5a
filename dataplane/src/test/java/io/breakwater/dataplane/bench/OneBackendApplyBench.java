package io.breakwater.dataplane.bench;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.Balance;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.config.ConfigValidator;
import io.breakwater.dataplane.config.ConfigWriter;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.PathType;
import io.breakwater.dataplane.config.Route;
import io.breakwater.dataplane.config.Server;
import io.breakwater.dataplane.config.Timeouts;
import io.breakwater.dataplane.testing.TestConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times the dataplane's config changes at controller scale: {@code setServers} on one backend of
 * many, a whole-config apply, and a whole-config apply that differs in one backend's servers. Not a
 * test; run it by hand (see docs/performance.md, "Dataplane: one-backend apply"):
 *
 * <pre>
 * mvn -B -ntp -q -pl dataplane -am test-compile -Dspotless.check.skip=true
 * java -cp "$(cat dataplane/target/bench.cp):dataplane/target/classes:dataplane/target/test-classes" \
 *     io.breakwater.dataplane.bench.OneBackendApplyBench [backends] [serversPerBackend] [ops]
 * </pre>
 */
public final class OneBackendApplyBench {
  private OneBackendApplyBench() {}

  public static void main(String[] args) {
    int backends = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    int perBackend = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int ops = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    Config config = config(backends, perBackend);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (Dataplane dp = Dataplane.start(config)) {
      System.out.printf(
          "backends=%d servers=%d ops=%d cores=%d%n",
          backends, backends * perBackend, ops, Runtime.getRuntime().availableProcessors());
      // Warm up, then measure.
      run(dp, backends, perBackend, Math.max(20, ops / 5), threads, 1);
      long[][] set = run(dp, backends, perBackend, ops, threads, 2);
      report("setServers (one backend)", set);
      int full = Math.max(3, ops / 40);
      long[][] whole = new long[2][full];
      long[][] oneChanged = new long[2][full];
      for (int i = 0; i < full; i++) {
        Config c = dp.config();
        long w = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        dp.apply(config(backends, perBackend, i % 2 == 0 ? "x" : ""));
        whole[0][i] = System.nanoTime() - w;
        whole[1][i] = threads.getCurrentThreadCpuTime() - cpu;
        List<Backend> bs = new ArrayList<>(dp.config().backends());
        bs.set(i % backends, servers(bs.get(i % backends), perBackend, 1000 + i));
        Config changed = new Config(c.global(), c.defaults(), dp.config().frontends(), bs);
        w = System.nanoTime();
        cpu = threads.getCurrentThreadCpuTime();
        dp.apply(changed);
        oneChanged[0][i] = System.nanoTime() - w;
        oneChanged[1][i] = threads.getCurrentThreadCpuTime() - cpu;
      }
      report("apply (whole config, routes changed)", whole);
      report("apply (whole config, one backend's servers changed)", oneChanged);
      // What a Runtime API "set config" costs before the apply: JSON to a checked Config.
      // A file cannot ask for port 0; the document is parsed, not applied.
      String json = ConfigWriter.toJson(dp.config()).replace("127.0.0.1:0\"", "127.0.0.1:8080\"");
      long[][] parse = new long[2][full];
      long[][] validate = new long[2][full];
      for (int i = 0; i < full; i++) {
        long w = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        Config parsed = ConfigLoader.parse(json, "runtime api");
        parse[0][i] = System.nanoTime() - w;
        parse[1][i] = threads.getCurrentThreadCpuTime() - cpu;
        w = System.nanoTime();
        cpu = threads.getCurrentThreadCpuTime();
        ConfigValidator.validate(parsed);
        validate[0][i] = System.nanoTime() - w;
        validate[1][i] = threads.getCurrentThreadCpuTime() - cpu;
      }
      System.out.printf("set config document: %d bytes%n", json.length());
      report("ConfigLoader.parse (JSON, checked)", parse);
      report("  of which ConfigValidator.validate", validate);
    }
  }

  private static long[][] run(
      Dataplane dp, int backends, int perBackend, int ops, ThreadMXBean threads, int round) {
    long[][] out = new long[2][ops];
    for (int i = 0; i < ops; i++) {
      String name = "app-" + ((i * 7919L) % backends);
      List<Server> servers = new ArrayList<>(perBackend);
      for (int s = 0; s < perBackend; s++) {
        // One server replaced per op, the others kept.
        int id = s == 0 ? round * 100_000 + i : s;
        servers.add(new Server("s" + id, address(i, id), 1, 0));
      }
      long w = System.nanoTime();
      long cpu = threads.getCurrentThreadCpuTime();
      dp.setServers(name, servers);
      out[0][i] = System.nanoTime() - w;
      out[1][i] = threads.getCurrentThreadCpuTime() - cpu;
    }
    return out;
  }

  private static void report(String what, long[][] samples) {
    long[] wall = samples[0].clone();
    long[] cpu = samples[1].clone();
    Arrays.sort(wall);
    Arrays.sort(cpu);
    System.out.printf(
        "%-52s n=%4d  wall p50 %8.2f ms p99 %8.2f ms  cpu p50 %8.2f ms p99 %8.2f ms%n",
        what, wall.length, pct(wall, 50), pct(wall, 99), pct(cpu, 50), pct(cpu, 99));
  }

  private static double pct(long[] sorted, int p) {
    int i = (int) Math.min(sorted.length - 1, Math.ceil(sorted.length * p / 100.0) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }

  static Config config(int backends, int perBackend) {
    return config(backends, perBackend, "");
  }

  private static Config config(int backends, int perBackend, String pathSuffix) {
    Timeouts t = Timeouts.DEFAULT;
    List<Backend> bs = new ArrayList<>(backends);
    List<Route> routes = new ArrayList<>(backends);
    for (int b = 0; b < backends; b++) {
      String name = "app-" + b;
      bs.add(servers(new Backend(name, Balance.ROUNDROBIN, 0, t, List.of()), perBackend, 0));
      routes.add(new Route(name + ".example.com", "/" + pathSuffix, PathType.PREFIX, name));
    }
    Config base = TestConfig.create().port(0).backend("unused").build();
    return new Config(
        base.global(),
        base.defaults(),
        List.of(
            new io.breakwater.dataplane.config.Frontend(
                "http", new HostPort("127.0.0.1", 0), null, routes, t)),
        bs);
  }

  private static Backend servers(Backend b, int perBackend, int salt) {
    List<Server> servers = new ArrayList<>(perBackend);
    for (int s = 0; s < perBackend; s++) {
      servers.add(new Server("s" + (s + salt), address(b.name().hashCode(), s + salt), 1, 0));
    }
    return b.withServers(servers);
  }

  private static HostPort address(int a, int b) {
    return new HostPort("10." + (a & 0xff) + "." + ((b >> 8) & 0xff) + "." + (b & 0xff), 8080);
  }
}
