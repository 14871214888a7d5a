package io.breakwater.controller.sync;

import io.breakwater.controller.source.ClusterSource;
import io.breakwater.controller.sync.SyncListener.Outcome;
import io.breakwater.controller.translate.TranslateOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's one sync thread. Sources only call {@link #changed()}; the thread waits until a
 * burst of changes has settled ({@link Settings#debounce()}, at most {@link Settings#maxDelay()}
 * after its first change), takes one snapshot, and lets {@link Syncer} translate and apply it. It
 * is level-triggered: a sync always works from the latest snapshot, so changes are never lost, only
 * folded into the next sync.
 *
 * <ul>
 *   <li>A failed sync is retried after a backoff ({@link Settings#backoff()}), whatever changes in
 *       between, with the snapshot of that moment.
 *   <li>Every {@link Settings#syncPeriod()} without a sync, it syncs anyway: that is how a
 *       dataplane that restarted, or was changed by hand, gets the controller's config back.
 *   <li>Nothing is synced before the source is {@linkplain ClusterSource#ready() ready}: a partial
 *       snapshot would take routes away.
 * </ul>
 */
public final class SyncLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SyncLoop.class);

  /**
   * How the loop paces itself.
   *
   * @param debounce how long changes must pause before a sync
   * @param maxDelay the longest a change waits for its sync while changes keep coming
   * @param syncPeriod a sync happens at least this often, changes or not
   * @param backoff the waits between retries of a failed sync
   */
  public record Settings(
      Duration debounce, Duration maxDelay, Duration syncPeriod, Backoff backoff) {

    /** 20 ms debounce, at most 500 ms, a resync every 30 s, retries from 100 ms to 10 s. */
    public static final Settings DEFAULT =
        new Settings(
            Duration.ofMillis(20), Duration.ofMillis(500), Duration.ofSeconds(30), Backoff.DEFAULT);

    public Settings {
      Objects.requireNonNull(debounce, "debounce");
      Objects.requireNonNull(maxDelay, "maxDelay");
      new Debouncer(debounce, maxDelay); // validates both
      Objects.requireNonNull(backoff, "backoff");
      if (syncPeriod.isNegative() || syncPeriod.isZero()) {
        throw new IllegalArgumentException("sync period: " + syncPeriod + " (expected: > 0)");
      }
    }

    /**
     * These settings with another debounce and maximum delay.
     *
     * @throws IllegalArgumentException when {@code maxDelay} is shorter than {@code debounce}
     */
    public Settings withPacing(Duration debounce, Duration maxDelay) {
      return new Settings(debounce, maxDelay, syncPeriod, backoff);
    }

    public Settings withSyncPeriod(Duration d) {
      return new Settings(debounce, maxDelay, d, backoff);
    }

    public Settings withBackoff(Duration base, Duration max) {
      return new Settings(debounce, maxDelay, syncPeriod, new Backoff(base, max));
    }
  }

  private final ClusterSource source;
  private final Syncer syncer;
  private final Settings settings;
  private final LongSupplier nanoTime;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Debouncer debouncer;
  private long resyncAt;
  private long retryAt;
  private int failures;
  private long syncs;
  private Outcome lastOutcome;
  private boolean closed;
  private Thread thread;

  public SyncLoop(
      ClusterSource source,
      DataplaneTarget target,
      TranslateOptions options,
      SyncListener listener,
      Settings settings) {
    this(source, target, options, listener, settings, System::nanoTime);
  }

  /** A loop on an injected clock ({@link System#nanoTime()}-style readings), for tests. */
  SyncLoop(
      ClusterSource source,
      DataplaneTarget target,
      TranslateOptions options,
      SyncListener listener,
      Settings settings,
      LongSupplier nanoTime) {
    this.source = Objects.requireNonNull(source, "source");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.syncer = new Syncer(target, options, listener, nanoTime);
    this.debouncer = new Debouncer(settings.debounce(), settings.maxDelay());
    this.resyncAt = nanoTime.getAsLong() + settings.syncPeriod().toNanos();
  }

  /** Starts the source and the sync thread; returns at once. */
  public void start() {
    lock.lock();
    try {
      if (thread != null || closed) {
        throw new IllegalStateException(closed ? "closed" : "already started");
      }
      thread = new Thread(this::run, "breakwater-sync");
      thread.setDaemon(true);
    } finally {
      lock.unlock();
    }
    source.start(this::changed);
    thread.start();
  }

  /** Something the sync reads may have changed. Cheap; called from any thread. */
  public void changed() {
    lock.lock();
    try {
      debouncer.changed(nanoTime.getAsLong());
      wake.signal();
    } finally {
      lock.unlock();
    }
  }

  /** How many syncs ran (each tells the listener), for tests and logs. */
  public long syncs() {
    lock.lock();
    try {
      return syncs;
    } finally {
      lock.unlock();
    }
  }

  /** How the last sync ended; null before the first. */
  public Outcome lastOutcome() {
    lock.lock();
    try {
      return lastOutcome;
    } finally {
      lock.unlock();
    }
  }

  /** Stops the thread (after the sync in progress, if any) and the source; idempotent. */
  @Override
  public void close() {
    Thread t;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      t = thread;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    source.close();
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(15));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    try {
      while (true) {
        lock.lock();
        try {
          if (closed) {
            return;
          }
          // Computed and waited for under one hold of the lock, so no signal falls in between.
          long wait = waitNanos();
          if (wait > 0) {
            wake.awaitNanos(wait);
            continue;
          }
        } finally {
          lock.unlock();
        }
        if (step() < 0) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      log.error("the sync thread died; the dataplane keeps its last config", e);
      throw e;
    }
  }

  /** Nanoseconds until a sync is due (1 s while the source is not ready); lock held. */
  private long waitNanos() {
    if (!source.ready()) {
      return TimeUnit.SECONDS.toNanos(1);
    }
    return Math.max(0, dueAt() - nanoTime.getAsLong());
  }

  /**
   * Runs a sync if one is due now: returns 0 after running one, the nanoseconds until the next is
   * due otherwise (1 s when the source is not ready: it signals once it is), or -1 once closed.
   */
  long step() {
    long first;
    lock.lock();
    try {
      if (closed) {
        return -1;
      }
      long wait = waitNanos();
      if (wait > 0) {
        return wait;
      }
      first = debouncer.pending() ? debouncer.take() : -1;
    } finally {
      lock.unlock();
    }
    Outcome outcome = syncer.sync(source.snapshot(), first);
    lock.lock();
    try {
      long now = nanoTime.getAsLong();
      syncs++;
      lastOutcome = outcome;
      resyncAt = now + settings.syncPeriod().toNanos();
      if (outcome == Outcome.FAILED) {
        failures++;
        retryAt = now + settings.backoff().delayNanos(failures);
        if (first != -1) {
          debouncer.requeue(first);
        }
      } else {
        failures = 0;
      }
    } finally {
      lock.unlock();
    }
    return 0;
  }

  /** When the next sync is due: a retry after failures; else the pending burst, or the resync. */
  private long dueAt() {
    if (failures > 0) {
      return retryAt;
    }
    if (debouncer.pending()) {
      long burst = debouncer.dueAt();
      return burst - resyncAt < 0 ? burst : resyncAt;
    }
    return resyncAt;
  }
}
