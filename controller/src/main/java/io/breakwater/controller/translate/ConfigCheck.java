package io.breakwater.controller.translate;

import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.Balance;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigError;
import io.breakwater.dataplane.config.ConfigValidator;
import io.breakwater.dataplane.config.Defaults;
import io.breakwater.dataplane.config.Frontend;
import io.breakwater.dataplane.config.Global;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.Route;
import io.breakwater.dataplane.config.Timeouts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The dataplane's own validator applied to one piece of a translation at a time, so the controller
 * never keeps a second copy of the config's rules (host and path syntax, ranges, orderings) and
 * never produces what the dataplane would refuse.
 *
 * <p>The answers are remembered (the validator is a pure function of its input, and equal routes
 * and backends get the same answer): a whole translation of a cluster that changed in one Ingress
 * checks thousands of routes and backends equal to those of the last one, and finds them here
 * instead of validating each again. What is remembered is what the last two whole translations
 * asked ({@link #nextTranslation()} starts a generation), so the memory they take follows the
 * cluster's size; a generation holds at most {@value #GENERATION_LIMIT} answers of each kind. Pod
 * churn checks its changed backends with {@link #backendOnce}, which remembers nothing: each server
 * set is new, and would only fill the memory.
 */
final class ConfigCheck {

  private static final HostPort LISTEN = new HostPort("0.0.0.0", 8080);

  /** Answers one generation holds at most, of each kind; then it starts a new one. */
  static final int GENERATION_LIMIT = 20_000;

  private static final Memo<Route> ROUTES = new Memo<>(GENERATION_LIMIT, ConfigCheck::checkRoute);
  private static final Memo<Backend> BACKENDS =
      new Memo<>(GENERATION_LIMIT, ConfigCheck::checkBackend);

  private ConfigCheck() {}

  /** A whole translation starts: answers the last one did not ask for may be forgotten. */
  static void nextTranslation() {
    ROUTES.nextGeneration();
    BACKENDS.nextGeneration();
  }

  /** The problems of a config holding only this backend; paths start {@code backends[0]}. */
  static List<ConfigError> backend(Backend b) {
    return BACKENDS.get(b);
  }

  /** {@link #backend} without remembering the answer: for a backend not likely to be seen again. */
  static List<ConfigError> backendOnce(Backend b) {
    return checkBackend(b);
  }

  private static List<ConfigError> checkBackend(Backend b) {
    return ConfigValidator.validate(
        new Config(Global.DEFAULT, Defaults.DEFAULT, List.of(), List.of(b)));
  }

  /**
   * The problems of this route alone, its backend and its split's backends taken as defined; paths
   * start {@code frontends[0].routes[0]}.
   */
  static List<ConfigError> route(Route r) {
    return ROUTES.get(r);
  }

  private static List<ConfigError> checkRoute(Route r) {
    Frontend f = new Frontend("http", LISTEN, null, List.of(r), Timeouts.DEFAULT);
    Set<String> names = new LinkedHashSet<>();
    names.add(r.backend());
    r.split().forEach(s -> names.add(s.backend()));
    List<Backend> backends = new ArrayList<>();
    for (String name : names) {
      backends.add(new Backend(name, Balance.ROUNDROBIN, 0, Timeouts.DEFAULT, List.of()));
    }
    return ConfigValidator.validate(
        new Config(Global.DEFAULT, Defaults.DEFAULT, List.of(f), backends));
  }

  /**
   * A function's answers, by equality of the input, for two generations: the current one and the
   * one before, whose answers move to the current one when asked again. Thread-safe.
   */
  static final class Memo<K> {
    private final int limit;
    private final Function<K, List<ConfigError>> function;
    private Map<K, List<ConfigError>> current = new HashMap<>();
    private Map<K, List<ConfigError>> previous = new HashMap<>();

    Memo(int limit, Function<K, List<ConfigError>> function) {
      this.limit = limit;
      this.function = function;
    }

    List<ConfigError> get(K key) {
      synchronized (this) {
        List<ConfigError> known = current.get(key);
        if (known == null) {
          known = previous.remove(key);
          if (known != null) {
            remember(key, known);
          }
        }
        if (known != null) {
          return known;
        }
      }
      List<ConfigError> answer = List.copyOf(function.apply(key)); // outside the lock
      synchronized (this) {
        remember(key, answer);
      }
      return answer;
    }

    private void remember(K key, List<ConfigError> answer) {
      if (current.size() >= limit) {
        nextGeneration();
      }
      current.put(key, answer);
    }

    /** The current answers become the previous ones; the previous ones are forgotten. */
    synchronized void nextGeneration() {
      previous = current;
      current = new HashMap<>();
    }

    /** Answers held, of both generations. */
    synchronized int size() {
      return current.size() + previous.size();
    }
  }
}
