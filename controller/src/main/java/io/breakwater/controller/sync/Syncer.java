package io.breakwater.controller.sync;

import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.sync.DataplaneTarget.Identity;
import io.breakwater.controller.sync.DataplaneTarget.Running;
import io.breakwater.controller.sync.SyncListener.Outcome;
import io.breakwater.controller.translate.IncrementalTranslator;
import io.breakwater.controller.translate.TranslateOptions;
import io.breakwater.controller.translate.Translation;
import io.breakwater.controller.translate.Translator;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigException;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.config.ConfigWriter;
import io.breakwater.dataplane.config.Defaults;
import io.breakwater.dataplane.config.Frontend;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync: translate a snapshot against the config the dataplane runs, and apply the smallest
 * change ({@link ApplyPlan}). It remembers the config it last read or wrote, and reads it again
 * only when the dataplane's identity ({@code show info}: process and config version) says someone
 * else changed it or the dataplane restarted. Called by one thread at a time.
 */
final class Syncer {
  private static final Logger log = LoggerFactory.getLogger(Syncer.class);

  /** Version conflicts (someone changing the config between our read and write) tried in a row. */
  private static final int CONFLICT_ATTEMPTS = 3;

  private final DataplaneTarget target;
  private final TranslateOptions options;
  private final SyncListener listener;
  private final LongSupplier nanoTime;
  private Running known;
  private String fullConfigSentTo; // the dataplane process that has had a whole config from us
  private Defaults lastDefaults;
  private final TlsFrontendCheck tlsFrontends = new TlsFrontendCheck();
  private final IncrementalTranslator translator = new IncrementalTranslator();
  // The running config and translation of the last sync that ended with the dataplane running
  // exactly what that translation asks for: the same two again (a resync with nothing changed)
  // need no comparison of the whole config.
  private Config settledConfig;
  private Translation settledTranslation;

  Syncer(
      DataplaneTarget target,
      TranslateOptions options,
      SyncListener listener,
      LongSupplier nanoTime) {
    this.target = Objects.requireNonNull(target, "target");
    this.options = Objects.requireNonNull(options, "options");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.lastDefaults = options.defaults();
  }

  /**
   * Brings the dataplane to what {@code snapshot} asks for, and tells the listener how it went.
   *
   * @param firstChangeNanos when the oldest change this sync covers was observed, or -1 for a
   *     periodic resync
   */
  Outcome sync(ClusterSnapshot snapshot, long firstChangeNanos) {
    long start = nanoTime.getAsLong();
    Translation translation = null;
    Outcome outcome;
    Throwable error = null;
    try {
      Applied applied = null;
      for (int attempt = 1; applied == null; attempt++) {
        try {
          applied = attempt(snapshot);
        } catch (VersionConflictException e) {
          known = null;
          if (attempt >= CONFLICT_ATTEMPTS) {
            throw e;
          }
          log.info(
              "sync: the config changed while it was written ({}); reading it again",
              e.getMessage());
        }
      }
      translation = applied.translation();
      outcome = applied.outcome();
    } catch (IOException | RuntimeException e) {
      known = null;
      outcome = Outcome.FAILED;
      error = e;
      log.warn("sync failed: {}", e.toString());
      if (translation == null) {
        translation = Translator.translate(snapshot, options.withDefaults(lastDefaults));
      }
    }
    long end = nanoTime.getAsLong();
    long age = firstChangeNanos == -1 ? -1 : Math.max(0, end - firstChangeNanos);
    try {
      listener.onSync(snapshot, translation, outcome, Duration.ofNanos(end - start), age, error);
    } catch (RuntimeException e) {
      log.error("sync listener failed", e);
    }
    return outcome;
  }

  private record Applied(Translation translation, Outcome outcome) {}

  private Applied attempt(ClusterSnapshot snapshot) throws IOException {
    long start = nanoTime.getAsLong();
    Running running = running();
    lastDefaults = running.config().defaults();
    Translation t = translator.translate(snapshot, options.withDefaults(lastDefaults));
    String noTls = tlsFrontends.check(running.config(), t);
    if (noTls != null) {
      log.warn("{}: {}", target.describe(), noTls);
    }
    Identity id = running.identity();
    if (running.config() == settledConfig
        && t == settledTranslation
        && id.process().equals(fullConfigSentTo)) {
      return new Applied(t, Outcome.NOOP);
    }
    Config desired = DesiredConfig.of(running.config(), t);
    String desiredJson = null; // desired as JSON, when it was read back from that
    ApplyPlan plan = ApplyPlan.between(running.config(), desired);
    // Compare what the dataplane will hold, the config as read back from JSON, or a value the
    // file cannot express would look changed at every sync.
    if (plan.outcome() == Outcome.SERVERS) {
      // All but some backends' servers equal what runs, which is already read back: only those
      // backends need it (pod churn must not cost a round trip of the whole config).
      desired = normalizedBackends(desired, plan.backends());
      plan = ApplyPlan.between(running.config(), desired);
    } else if (plan.outcome() == Outcome.FULL) {
      desiredJson = ConfigWriter.toJson(desired);
      desired = normalized(desiredJson);
      plan = ApplyPlan.between(running.config(), desired);
    }
    if (plan.outcome() != Outcome.FULL && !id.process().equals(fullConfigSentTo)) {
      // A dataplane started with --wait-for-config is not ready until it gets a whole config,
      // even one equal to its bootstrap (a cluster with no Ingress for us yet): send one first.
      // No need to read it back: NOOP or SERVERS means desired equals what runs (read back from
      // the dataplane's JSON) but for the servers just read back above.
      desiredJson = ConfigWriter.toJson(desired);
      plan = new ApplyPlan(Outcome.FULL, List.of(), "first sync with this dataplane process");
    }
    switch (plan.outcome()) {
      case NOOP -> {
        settle(running.config(), t);
        return new Applied(t, Outcome.NOOP);
      }
      case SERVERS -> {
        long version = id.version();
        boolean alone = true;
        for (Backend b : plan.backends()) {
          long next = target.setServers(b);
          alone &= next == version + 1;
          version = next;
        }
        known = alone ? new Running(new Identity(id.process(), version), desired) : null;
        settle(known == null ? null : desired, t);
        log.info(
            "sync: servers of {} → version {} in {} ms",
            plan.backends().stream().map(Backend::name).collect(Collectors.joining(", ")),
            version,
            millisSince(start));
      }
      case FULL -> {
        // The JSON that desired was read back from: the dataplane reads the very same text.
        long version =
            desiredJson == null
                ? target.setConfig(id.version(), desired)
                : target.setConfig(id.version(), desired, desiredJson);
        known = new Running(new Identity(id.process(), version), desired);
        fullConfigSentTo = id.process();
        settle(desired, t);
        log.info(
            "sync: full config ({}) → version {} in {} ms",
            plan.reason(),
            version,
            millisSince(start));
      }
      default -> throw new IllegalStateException(plan.outcome().toString());
    }
    return new Applied(t, plan.outcome());
  }

  private void settle(Config config, Translation t) {
    settledConfig = config;
    settledTranslation = config == null ? null : t;
  }

  /** What the dataplane runs: the remembered config while its identity is unchanged. */
  private Running running() throws IOException {
    if (known != null && target.identity().equals(known.identity())) {
      return known;
    }
    Running r = target.read();
    if (known != null && !r.identity().process().equals(known.identity().process())) {
      log.info("sync: {} restarted; sending its config again", target.describe());
    }
    known = r;
    return r;
  }

  private static Config normalized(String json) throws ApplyRefusedException {
    try {
      return ConfigLoader.parse(json, "desired config");
    } catch (ConfigException e) {
      throw new ApplyRefusedException("the desired config is not valid: " + e.getMessage());
    }
  }

  /**
   * {@code desired} with each of {@code changed} replaced by itself as read back from JSON: each is
   * written in a config of its own, with the same global and defaults (which a backend's keys are
   * written against) and the frontends without routes.
   */
  private static Config normalizedBackends(Config desired, List<Backend> changed)
      throws ApplyRefusedException {
    Map<String, Backend> read = new HashMap<>();
    List<Frontend> frontends = new ArrayList<>();
    for (Frontend f : desired.frontends()) {
      frontends.add(new Frontend(f.name(), f.listen(), null, List.of(), f.timeouts()));
    }
    for (Backend b : changed) {
      Config alone = new Config(desired.global(), desired.defaults(), frontends, List.of(b));
      read.put(b.name(), normalized(ConfigWriter.toJson(alone)).backends().get(0));
    }
    List<Backend> backends = new ArrayList<>(desired.backends().size());
    for (Backend b : desired.backends()) {
      backends.add(read.getOrDefault(b.name(), b));
    }
    return new Config(desired.global(), desired.defaults(), desired.frontends(), backends);
  }

  private long millisSince(long start) {
    return (nanoTime.getAsLong() - start) / 1_000_000;
  }
}
