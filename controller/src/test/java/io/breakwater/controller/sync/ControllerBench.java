package io.breakwater.controller.sync;

import io.breakwater.controller.ctl.RuntimeClient;
import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.source.ClusterSource;
import io.breakwater.controller.source.KubernetesSource;
import io.breakwater.controller.source.SortedObjects;
import io.breakwater.controller.sync.SyncListener.Outcome;
import io.breakwater.controller.translate.EndpointsMode;
import io.breakwater.controller.translate.TranslateOptions;
import io.breakwater.controller.translate.Translator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code make bench-controller} (hack/bench/controller.sh): the controller at scale against a real
 * dataplane in a child process ({@link BenchCluster}), so that this JVM's heap is the controller's.
 * The controller runs as in production: {@link SyncLoop} with the default pacing, {@link
 * RuntimeApiTarget} over a Unix socket. Its source is, by default ({@code --source memory}), what
 * {@link KubernetesSource} is once its informers have listed everything: objects in hash maps, a
 * change replaces one object and signals, as an informer handler does, and a snapshot puts the
 * changed objects in place in each kind's sorted list ({@link SortedObjects}). With {@code --source
 * mock}, {@link KubernetesSource} itself against fabric8's CRUD mock API server in the child
 * process (whose every request scans all objects, so it is slow to fill and adds its own latency at
 * this size). It measures
 *
 * <ol>
 *   <li>one endpoint change: from the source's signal (the informer event) to {@code set backend B
 *       servers} answered by the dataplane, the convergence latency the metrics report; with its
 *       split between the controller and waiting for the dataplane, and the CPU time each spent;
 *   <li>a full resync: the whole snapshot read, translated and applied with {@code set config} by a
 *       syncer that knows nothing yet; and the periodic resync that finds nothing to do;
 *   <li>the heap after a full GC, after each phase and each resync.
 * </ol>
 *
 * <p>Options: {@code --apps N} (Ingresses = Services; 5000), {@code --endpoints N} (50000), {@code
 * --changes N} (200), {@code --resyncs N} (5), {@code --source memory|mock}. Not a test: nothing
 * runs it in {@code make test}.
 */
public final class ControllerBench {
  private record Sync(
      Outcome outcome,
      long durationNanos,
      long ageNanos,
      long atNanos,
      long dataplaneNanos,
      long cpuNanos) {}

  /** CPU time of the sync thread since its previous sync (it does nothing else). */
  private static final class SyncCpu {
    private long last;

    long take() {
      long now = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      long d = now - last;
      last = now;
      return d;
    }
  }

  /**
   * User + system CPU time of a process so far, from /proc (Linux), in nanoseconds; -1 if unknown.
   */
  private static long processCpuNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields 14 and 15 of stat (utime, stime) are 11 and 12 after the command name, in ticks
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }

  /** A target that adds up the time spent waiting for the dataplane's answers. */
  static final class TimedTarget implements DataplaneTarget {
    private final DataplaneTarget target;
    private final java.util.concurrent.atomic.AtomicLong nanos =
        new java.util.concurrent.atomic.AtomicLong();

    TimedTarget(DataplaneTarget target) {
      this.target = target;
    }

    /** The time spent so far, and starts again from 0. */
    long take() {
      return nanos.getAndSet(0);
    }

    private interface Call<T> {
      T run() throws java.io.IOException;
    }

    private <T> T timed(Call<T> call) throws java.io.IOException {
      long t = System.nanoTime();
      try {
        return call.run();
      } finally {
        nanos.addAndGet(System.nanoTime() - t);
      }
    }

    @Override
    public Identity identity() throws java.io.IOException {
      return timed(target::identity);
    }

    @Override
    public Running read() throws java.io.IOException {
      return timed(target::read);
    }

    @Override
    public long setConfig(long version, io.breakwater.dataplane.config.Config config)
        throws java.io.IOException {
      return timed(() -> target.setConfig(version, config));
    }

    @Override
    public long setConfig(long version, io.breakwater.dataplane.config.Config config, String json)
        throws java.io.IOException {
      return timed(() -> target.setConfig(version, config, json));
    }

    @Override
    public long setServers(io.breakwater.dataplane.config.Backend backend)
        throws java.io.IOException {
      return timed(() -> target.setServers(backend));
    }

    @Override
    public String describe() {
      return target.describe();
    }
  }

  private ControllerBench() {}

  public static void main(String[] args) throws Exception {
    int apps = 5000;
    int endpoints = 50_000;
    int changes = 200;
    int resyncs = 5;
    boolean mock = false;
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--source")) {
        mock = args[i + 1].equals("mock");
        if (!mock && !args[i + 1].equals("memory")) {
          throw new IllegalArgumentException("--source: memory or mock, not " + args[i + 1]);
        }
        continue;
      }
      int v = Integer.parseInt(args[i + 1]);
      switch (args[i]) {
        case "--apps" -> apps = v;
        case "--endpoints" -> endpoints = v;
        case "--changes" -> changes = v;
        case "--resyncs" -> resyncs = v;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    int perApp = endpoints / apps;
    Path dir = Files.createTempDirectory("breakwater-bench");
    Path socket = dir.resolve("runtime.sock");
    long t = System.nanoTime();
    Process cluster =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx3g",
                "-XX:+UseParallelGC",
                "-cp",
                System.getProperty("java.class.path"),
                BenchCluster.class.getName(),
                socket.toString(),
                Integer.toString(mock ? apps : 0),
                Integer.toString(endpoints))
            .redirectError(dir.resolve("cluster.log").toFile())
            .start();
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::destroyForcibly));
    String url = null;
    BufferedReader out =
        new BufferedReader(new InputStreamReader(cluster.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith("READY ")) {
        url = line.substring(6);
        break;
      }
    }
    if (url == null) {
      throw new IllegalStateException("the cluster process failed; see " + dir + "/cluster.log");
    }
    MemorySource memory = mock ? null : new MemorySource(apps, perApp);
    System.out.printf(
        Locale.ROOT,
        "%s: %d Ingresses, %d Services, %d endpoints (%d per EndpointSlice) in %.1f s%n",
        mock ? "CRUD mock API server" : "in-memory source",
        apps,
        apps,
        perApp * apps,
        perApp,
        seconds(System.nanoTime() - t));

    BlockingQueue<Sync> syncs = new LinkedBlockingQueue<>();
    // A whole config of this size can take the dataplane longer than the default 10 s to check
    // and apply on a loaded machine.
    TimedTarget target =
        new TimedTarget(
            new RuntimeApiTarget(RuntimeClient.unix(socket).withTimeout(Duration.ofMinutes(2))));
    SyncCpu cpu = new SyncCpu();
    SyncListener listener =
        (s, tr, o, d, age, e) ->
            syncs.add(new Sync(o, d.toNanos(), age, System.nanoTime(), target.take(), cpu.take()));
    TranslateOptions options = TranslateOptions.DEFAULT;
    ClusterSource source =
        mock ? new KubernetesSource(client(url), Set.of(), EndpointsMode.ENDPOINT_SLICES) : memory;
    SyncLoop loop =
        new SyncLoop(
            source,
            target,
            options,
            listener,
            SyncLoop.Settings.DEFAULT.withSyncPeriod(Duration.ofHours(1)));
    List<String> rows = new ArrayList<>();
    try (KubernetesClient writer = mock ? client(url) : null) {
      t = System.nanoTime();
      long firstDataplaneCpu = processCpuNanos(cluster.pid());
      loop.start();
      Sync first;
      do {
        first = await(syncs, Duration.ofMinutes(10));
      } while (first.outcome() == Outcome.FAILED);
      if (first.outcome() != Outcome.FULL) {
        throw new IllegalStateException("first sync: " + first.outcome());
      }
      row(rows, "initial list + first full sync", ms(System.nanoTime() - t), "", "");
      row(
          rows,
          "  of which: waiting for the dataplane (show config, set config)",
          ms(first.dataplaneNanos()),
          "",
          "");
      row(rows, "  CPU time of the sync thread", ms(first.cpuNanos()), "", "the controller");
      row(
          rows,
          "  CPU time of the dataplane process",
          firstDataplaneCpu < 0 ? "?" : ms(processCpuNanos(cluster.pid()) - firstDataplaneCpu),
          "",
          "set config from its bootstrap, all threads");
      row(rows, "heap after first sync", heapMb() + " MB", "", "");

      // 1. Endpoint changes, one at a time.
      Random random = new Random(42);
      int next = apps * perApp;
      int warmup = Math.min(20, changes);
      long[] observed = new long[changes];
      long[] written = new long[changes];
      long[] dataplaneShare = new long[changes];
      long[] syncCpu = new long[changes];
      long dataplaneCpu = processCpuNanos(cluster.pid());
      long[] controllerShare = new long[changes];
      int full = 0;
      for (int i = -warmup; i < changes; i++) {
        int app = random.nextInt(apps);
        int slot = random.nextInt(perApp);
        int n = next++;
        syncs.clear();
        long start = System.nanoTime();
        if (mock) {
          writer
              .discovery()
              .v1()
              .endpointSlices()
              .inNamespace(BenchCluster.namespace(app))
              .withName(BenchCluster.name(app) + "-1")
              .edit(
                  s -> {
                    s.getEndpoints().set(slot, BenchCluster.endpoint(n));
                    return s;
                  });
        } else {
          memory.replaceEndpoint(app, slot, n);
        }
        Sync s;
        do {
          s = await(syncs, Duration.ofSeconds(30));
        } while (s.outcome() == Outcome.NOOP || s.ageNanos() < 0);
        if (s.outcome() == Outcome.FAILED) {
          throw new IllegalStateException("a sync failed");
        }
        if (i >= 0) {
          full += s.outcome() == Outcome.FULL ? 1 : 0;
          observed[i] = s.ageNanos();
          written[i] = s.atNanos() - start;
          dataplaneShare[i] = s.dataplaneNanos();
          syncCpu[i] = s.cpuNanos();
          controllerShare[i] = s.durationNanos() - s.dataplaneNanos();
        }
      }
      Arrays.sort(observed);
      Arrays.sort(written);
      dataplaneCpu = processCpuNanos(cluster.pid()) - dataplaneCpu;
      Arrays.sort(dataplaneShare);
      Arrays.sort(syncCpu);
      Arrays.sort(controllerShare);
      row(
          rows,
          changes + " endpoint changes: event observed → applied",
          ms(pct(observed, 50)),
          ms(pct(observed, 99)),
          "target ≤ 100 ms p99; includes the 20 ms debounce");
      row(
          rows,
          mock ? "same, from the API write" : "same, from the change in the source",
          ms(pct(written, 50)),
          ms(pct(written, 99)),
          full + " of them FULL");
      row(
          rows,
          "  of which: the sync, without the dataplane's answers",
          ms(pct(controllerShare, 50)),
          ms(pct(controllerShare, 99)),
          "controller CPU + waits");
      row(
          rows,
          "  of which: waiting for show info + set backend servers",
          ms(pct(dataplaneShare, 50)),
          ms(pct(dataplaneShare, 99)),
          "the dataplane");
      row(
          rows,
          "  CPU time of the sync thread per change",
          ms(pct(syncCpu, 50)),
          ms(pct(syncCpu, 99)),
          "the controller's own work");
      row(
          rows,
          "  CPU time of the dataplane process per change (mean)",
          dataplaneCpu < 0 ? "?" : ms(dataplaneCpu / changes),
          "",
          "set backend servers, all threads");
      row(rows, "heap after the changes", heapMb() + " MB", "", "");

      // 2. Full resyncs, beside the loop (which stays idle: its resync period is an hour), on
      // the loop's source.
      long[] snap = new long[resyncs];
      long[] translate = new long[resyncs];
      long[] fullSync = new long[resyncs];
      long[] noop = new long[resyncs];
      long[] fullDataplane = new long[resyncs];
      long[] fullCpu = new long[resyncs];
      long[] fullDataplaneCpu = new long[resyncs];
      List<Long> heaps = new ArrayList<>();
      for (int r = 0; r < resyncs; r++) {
        t = System.nanoTime();
        ClusterSnapshot snapshot = source.snapshot();
        snap[r] = System.nanoTime() - t;
        t = System.nanoTime();
        Translator.translate(snapshot, options);
        translate[r] = System.nanoTime() - t;
        // A new Syncer knows nothing: it reads the running config and sends a whole one.
        Syncer syncer = new Syncer(target, options, SyncListener.NONE, System::nanoTime);
        target.take();
        long dpCpu = processCpuNanos(cluster.pid());
        long ownCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        t = System.nanoTime();
        Outcome o = syncer.sync(source.snapshot(), -1);
        fullSync[r] = System.nanoTime() - t;
        fullCpu[r] = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - ownCpu;
        fullDataplaneCpu[r] = processCpuNanos(cluster.pid()) - dpCpu;
        fullDataplane[r] = target.take();
        if (o != Outcome.FULL) {
          throw new IllegalStateException("full resync: " + o);
        }
        t = System.nanoTime();
        o = syncer.sync(source.snapshot(), -1);
        noop[r] = System.nanoTime() - t;
        if (o != Outcome.NOOP) {
          throw new IllegalStateException("periodic resync: " + o);
        }
        heaps.add(heapMb());
      }
      Arrays.sort(snap);
      Arrays.sort(translate);
      Arrays.sort(fullSync);
      Arrays.sort(noop);
      Arrays.sort(fullDataplane);
      Arrays.sort(fullCpu);
      Arrays.sort(fullDataplaneCpu);
      row(
          rows,
          resyncs + " full resyncs (read + translate + set config)",
          ms(pct(fullSync, 50)),
          ms(pct(fullSync, 100)) + " (max)",
          "target ≤ 5 s");
      row(
          rows,
          "  of which: waiting for the dataplane (show config, set config)",
          ms(pct(fullDataplane, 50)),
          "",
          "");
      row(rows, "  CPU time of the syncing thread", ms(pct(fullCpu, 50)), "", "the controller");
      row(
          rows,
          "  CPU time of the dataplane process",
          ms(pct(fullDataplaneCpu, 50)),
          "",
          "show config, set config, all threads");
      row(rows, "  of which: snapshot of the source", ms(pct(snap, 50)), "", "");
      row(rows, "  of which: translation", ms(pct(translate, 50)), "", "");
      row(rows, "periodic resync, nothing changed", ms(pct(noop, 50)), ms(pct(noop, 100)), "");
      row(rows, "heap after each full resync", heaps + " MB", "", "");
    } finally {
      loop.close();
      cluster.getOutputStream().close();
      cluster.waitFor(30, TimeUnit.SECONDS);
      cluster.destroyForcibly();
    }
    System.out.println();
    System.out.println("| measure | p50 / value | p99 / max | note |");
    System.out.println("|---|---|---|---|");
    rows.forEach(System.out::println);
    System.out.printf(
        Locale.ROOT,
        "%njava %s, %d CPUs, -Xmx %d MB, load average %.1f%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.exit(0);
  }

  /**
   * What {@link KubernetesSource} does once its informers have listed everything, without an API
   * server: objects by kind in hash maps (the informers' stores); a change replaces one object with
   * a new instance, records its key and calls {@code onChange}, as an informer handler does; a
   * snapshot reads the recorded objects again from the maps and puts them in place in the kind's
   * {@link SortedObjects}, and reuses the other kinds' lists.
   */
  static final class MemorySource implements ClusterSource {
    private final Map<String, HasMetadata> ingresses = new ConcurrentHashMap<>();
    private final Map<String, HasMetadata> services = new ConcurrentHashMap<>();
    private final Map<String, HasMetadata> slices = new ConcurrentHashMap<>();
    private final IngressClass ingressClass =
        new IngressClassBuilder()
            .withNewMetadata()
            .withName("breakwater")
            .endMetadata()
            .withNewSpec()
            .withController("breakwater.io/ingress-controller")
            .endSpec()
            .build();
    private volatile Runnable onChange = () -> {};
    private final Set<String> changedSlices = ConcurrentHashMap.newKeySet();
    private SortedObjects<Ingress> sortedIngresses;
    private SortedObjects<Service> sortedServices;
    private SortedObjects<EndpointSlice> sortedSlices;

    MemorySource(int apps, int perApp) {
      for (int a = 0; a < apps; a++) {
        for (HasMetadata o : BenchCluster.app(a, perApp)) {
          String key = o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
          (o instanceof Ingress ? ingresses : o instanceof Service ? services : slices).put(key, o);
        }
      }
    }

    void replaceEndpoint(int app, int slot, int n) {
      String key = BenchCluster.namespace(app) + "/" + BenchCluster.name(app) + "-1";
      EndpointSlice old = (EndpointSlice) slices.get(key);
      List<Endpoint> endpoints = new ArrayList<>(old.getEndpoints());
      endpoints.set(slot, BenchCluster.endpoint(n));
      slices.put(key, new EndpointSliceBuilder(old).withEndpoints(endpoints).build());
      changedSlices.add(key);
      onChange.run();
    }

    @Override
    public void start(Runnable onChange) {
      this.onChange = onChange;
      onChange.run();
    }

    @Override
    public synchronized ClusterSnapshot snapshot() {
      if (sortedIngresses == null) {
        changedSlices.clear();
        sortedIngresses = sorted(ingresses);
        sortedServices = sorted(services);
        sortedSlices = sorted(slices);
      }
      for (Iterator<String> it = changedSlices.iterator(); it.hasNext(); ) {
        String key = it.next();
        it.remove();
        HasMetadata now = slices.get(key);
        if (now == null) {
          int slash = key.indexOf('/');
          sortedSlices.remove(key.substring(0, slash), key.substring(slash + 1));
        } else {
          sortedSlices.put((EndpointSlice) now);
        }
      }
      return new ClusterSnapshot(
          sortedIngresses.list(),
          List.of(ingressClass),
          sortedServices.list(),
          sortedSlices.list(),
          List.of(),
          List.of(),
          List.of(),
          List.of());
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> SortedObjects<T> sorted(
        Map<String, HasMetadata> objects) {
      List<T> all = new ArrayList<>();
      objects.values().forEach(o -> all.add((T) o));
      SortedObjects<T> out = new SortedObjects<>();
      out.reset(all);
      return out;
    }

    @Override
    public void close() {}
  }

  private static KubernetesClient client(String url) {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder()
                .withMasterUrl(url)
                .withTrustCerts(true)
                .withNamespace("default")
                .withRequestTimeout(60_000)
                .build())
        .build();
  }

  private static Sync await(BlockingQueue<Sync> q, Duration timeout) throws InterruptedException {
    Sync s = q.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (s == null) {
      throw new IllegalStateException("no sync within " + timeout);
    }
    return s;
  }

  private static void row(List<String> rows, String what, String a, String b, String note) {
    String line = "| " + what + " | " + a + " | " + b + " | " + note + " |";
    rows.add(line);
    System.out.println(line);
  }

  private static long pct(long[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static long heapMb() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
  }
}
