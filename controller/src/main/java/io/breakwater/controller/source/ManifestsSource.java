package io.breakwater.controller.source;

import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.model.ObjectRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory of Kubernetes manifests as a cluster: every {@code *.yaml}, {@code *.yml} and {@code
 * *.json} file below it, each holding any number of documents, read in path order. The directory is
 * watched (the JDK's {@link WatchService}, inotify on Linux) and also rescanned periodically, for
 * file systems that send no events (network mounts, some container volumes); a burst of events is
 * read once, after {@link #DEFAULT_QUIET} without events.
 *
 * <ul>
 *   <li><b>A bad file is skipped whole</b> and reported ({@link #problems()}, and a log line when
 *       it becomes bad): the other files still apply. A file is the unit because applying half of
 *       one (a Service without the EndpointSlice next to it) is rarely what its author meant.
 *   <li>An object defined twice (same kind, namespace and name) is taken from the first file in
 *       path order; the later definition is reported.
 *   <li>Files and directories whose names start with {@code .} are not read: editors' temporary
 *       files, and the {@code ..data} links of a mounted ConfigMap, whose files would otherwise be
 *       read twice.
 *   <li>When the directory itself cannot be read (gone, unmounted), the last snapshot stays: a
 *       missing directory is more likely an accident than a wish to remove every route.
 * </ul>
 */
public final class ManifestsSource implements ClusterSource {
  private static final Logger log = LoggerFactory.getLogger(ManifestsSource.class);

  /** How often the tree is rescanned even without file events. */
  public static final Duration DEFAULT_RESCAN = Duration.ofSeconds(5);

  /** How long events must pause before a burst of them is read. */
  public static final Duration DEFAULT_QUIET = Duration.ofMillis(100);

  /** At most this many quiet periods pass before a continuous stream of events is read anyway. */
  private static final int MAX_QUIET_PERIODS = 10;

  /**
   * Something wrong with one file.
   *
   * @param file the file, as found below the directory
   * @param message what is wrong, one line
   */
  public record FileProblem(Path file, String message) {
    public FileProblem {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
      return file + ": " + message;
    }
  }

  /**
   * One read of the directory.
   *
   * @param snapshot the objects of every good file
   * @param problems files skipped and definitions ignored, in path order
   * @param files the manifest files found, in path order
   */
  public record Read(ClusterSnapshot snapshot, List<FileProblem> problems, List<Path> files) {
    public Read {
      Objects.requireNonNull(snapshot, "snapshot");
      problems = List.copyOf(problems);
      files = List.copyOf(files);
    }
  }

  /** A file's text and what it parsed to: objects, or the reason it is skipped. */
  private record Parsed(String text, List<HasMetadata> objects, String error) {}

  private final Path dir;
  private final Duration rescan;
  private final Duration quiet;
  private final Map<Path, Parsed> cache = new HashMap<>();
  private final Set<Path> watchedDirs = new HashSet<>();
  private volatile Read current;
  private volatile Runnable onChange = () -> {};
  private volatile boolean closed;
  private WatchService watcher;
  private Thread thread;

  /** A source on {@code dir}, rescanned every {@link #DEFAULT_RESCAN}. */
  public ManifestsSource(Path dir) {
    this(dir, DEFAULT_RESCAN, DEFAULT_QUIET);
  }

  /**
   * @param dir the directory
   * @param rescan how often the tree is read again without any file event
   * @param quiet how long file events must pause before a burst of them is read
   */
  public ManifestsSource(Path dir, Duration rescan, Duration quiet) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.rescan = positive(rescan, "rescan");
    this.quiet = positive(quiet, "quiet");
  }

  /**
   * Reads every manifest below {@code dir} once.
   *
   * @throws UncheckedIOException when {@code dir} is not a readable directory
   */
  public static Read read(Path dir) {
    ManifestsSource s = new ManifestsSource(dir);
    try {
      return s.readTree();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads the directory, then watches it on a daemon thread.
   *
   * @throws UncheckedIOException when {@code dir} is not a readable directory
   */
  @Override
  public synchronized void start(Runnable onChange) {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    this.onChange = Objects.requireNonNull(onChange, "onChange");
    try {
      current = readTree();
      watcher = FileSystems.getDefault().newWatchService();
      registerDirectories();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    log.info(
        "manifests: {} object(s) from {} file(s) below {}",
        count(current.snapshot()),
        current.files().size(),
        dir);
    thread = new Thread(this::watch, "manifests-watch");
    thread.setDaemon(true);
    thread.start();
    onChange.run();
  }

  @Override
  public boolean ready() {
    return current != null;
  }

  @Override
  public ClusterSnapshot snapshot() {
    Read r = current;
    if (r == null) {
      throw new IllegalStateException("not started");
    }
    return r.snapshot();
  }

  /** What is wrong with the files now (skipped files, ignored definitions), in path order. */
  public List<FileProblem> problems() {
    Read r = current;
    return r == null ? List.of() : r.problems();
  }

  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      t = thread;
      if (watcher != null) {
        try {
          watcher.close(); // wakes the watch thread
        } catch (IOException e) {
          log.debug("closing the watch service of {}", dir, e);
        }
      }
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Reads the tree again now, and publishes and announces a new snapshot if anything differs.
   * Returns whether it did. Called by the watch thread; tests call it to skip the waiting.
   */
  synchronized boolean reload() {
    Read next;
    try {
      next = readTree();
    } catch (IOException e) {
      log.warn("manifests: cannot read {} ({}); keeping the last snapshot", dir, e.toString());
      return false;
    }
    Read before = current;
    if (before != null
        && before.snapshot().equals(next.snapshot())
        && before.problems().equals(next.problems())) {
      current = new Read(before.snapshot(), before.problems(), next.files());
      return false;
    }
    current = next;
    log.info(
        "manifests changed: {} object(s) from {} file(s), {} problem(s)",
        count(next.snapshot()),
        next.files().size(),
        next.problems().size());
    onChange.run();
    return true;
  }

  private void watch() {
    try {
      while (!closed) {
        WatchKey key = watcher.poll(rescan.toNanos(), TimeUnit.NANOSECONDS);
        if (key != null) {
          drain(key);
          // Coalesce a burst (an editor's save, a git checkout, kubectl cp) into one read.
          for (int i = 0; i < MAX_QUIET_PERIODS; i++) {
            WatchKey more = watcher.poll(quiet.toNanos(), TimeUnit.NANOSECONDS);
            if (more == null) {
              break;
            }
            drain(more);
          }
        }
        reload();
        registerDirectories();
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // closed
    } catch (RuntimeException | IOException e) {
      if (!closed) {
        log.error("manifests: watching {} failed; files are no longer re-read", dir, e);
      }
    }
  }

  private static void drain(WatchKey key) {
    key.pollEvents();
    key.reset();
  }

  /** Watches every directory of the tree not watched yet (new ones appear at any time). */
  private synchronized void registerDirectories() throws IOException {
    if (closed || !Files.isDirectory(dir)) {
      return;
    }
    List<Path> dirs;
    try (Stream<Path> s = Files.walk(dir)) {
      dirs = s.filter(p -> p.equals(dir) || !hidden(p)).filter(Files::isDirectory).toList();
    } catch (UncheckedIOException e) {
      throw e.getCause(); // a directory vanished while walking: the next rescan registers the rest
    }
    for (Path d : dirs) {
      if (!watchedDirs.contains(d) && !hiddenBelow(d)) {
        try {
          d.register(
              watcher,
              StandardWatchEventKinds.ENTRY_CREATE,
              StandardWatchEventKinds.ENTRY_MODIFY,
              StandardWatchEventKinds.ENTRY_DELETE);
          watchedDirs.add(d);
        } catch (ClosedWatchServiceException e) {
          return;
        } catch (IOException e) {
          log.debug("manifests: cannot watch {}; the periodic rescan covers it", d, e);
        }
      }
    }
  }

  /** Reads every manifest file, parsing only those whose text changed since the last read. */
  private synchronized Read readTree() throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + " is not a directory");
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files =
          s.filter(p -> !p.equals(dir))
              .filter(p -> !hiddenBelow(p))
              .filter(ManifestsSource::isManifest)
              .filter(Files::isRegularFile)
              .sorted()
              .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    Map<Path, Parsed> seen = new HashMap<>();
    Map<String, Path> definedIn = new HashMap<>();
    Map<String, HasMetadata> objects = new LinkedHashMap<>();
    List<FileProblem> problems = new ArrayList<>();
    for (Path f : files) {
      Parsed p = parse(f);
      seen.put(f, p);
      if (p.error() != null) {
        problems.add(new FileProblem(f, p.error()));
        continue;
      }
      for (HasMetadata o : p.objects()) {
        ObjectRef ref = ObjectRef.of(o);
        String key = o.getApiVersion() + " " + ref;
        Path first = definedIn.putIfAbsent(key, f);
        if (first != null) {
          String message = ref + " is also defined in " + first + ", which is used";
          problems.add(new FileProblem(f, message));
        } else {
          objects.put(key, o);
        }
      }
    }
    cache.keySet().retainAll(seen.keySet());
    cache.putAll(seen);
    return new Read(ClusterSnapshot.of(objects.values()), problems, files);
  }

  /** A file's objects; the cached ones when its text did not change. */
  private Parsed parse(Path f) {
    String text;
    try {
      text = Files.readString(f, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      return failed(f, null, "not UTF-8 text; skipped");
    } catch (IOException e) {
      // Deleted between the walk and the read: the next event or rescan sees it gone.
      return failed(f, null, "cannot read (" + e + "); skipped");
    }
    Parsed cached = cache.get(f);
    if (cached != null && cached.text().equals(text)) {
      return cached;
    }
    try {
      return new Parsed(text, Manifests.parse(text), null);
    } catch (IllegalArgumentException e) {
      return failed(f, text, e.getMessage() + "; skipped");
    }
  }

  private Parsed failed(Path f, String text, String message) {
    log.warn("manifests: {}: {}", f, message);
    return new Parsed(text == null ? "" : text, List.of(), message);
  }

  private static boolean isManifest(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }

  private static boolean hidden(Path p) {
    return p.getFileName().toString().startsWith(".");
  }

  /** Whether {@code p}, or a directory between the root and it, is hidden. */
  private boolean hiddenBelow(Path p) {
    for (Path rel : dir.relativize(p)) {
      if (rel.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static int count(ClusterSnapshot s) {
    return s.ingresses().size()
        + s.ingressClasses().size()
        + s.services().size()
        + s.endpointSlices().size()
        + s.endpoints().size()
        + s.secrets().size()
        + s.circuitBreakers().size()
        + s.retryPolicies().size();
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
    }
    return d;
  }
}
