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
import java.util.LinkedHashMap;
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
 * <p>The answers are remembered for the last {@value #REMEMBERED} routes and as many backends (the
 * validator is a pure function of its input): a whole translation of a cluster that changed in one
 * Ingress checks thousands of routes and backends equal to those of the last one, and finds them
 * here instead of validating each again.
 */
final class ConfigCheck {

  private static final HostPort LISTEN = new HostPort("0.0.0.0", 8080);

  /** Routes, and backends, whose problems are remembered: a cluster of 5,000 Ingresses fits. */
  static final int REMEMBERED = 20_000;

  private static final Memo<Route> ROUTES = new Memo<>(REMEMBERED, ConfigCheck::checkRoute);
  private static final Memo<Backend> BACKENDS = new Memo<>(REMEMBERED, ConfigCheck::checkBackend);

  private ConfigCheck() {}

  /** The problems of a config holding only this backend; paths start {@code backends[0]}. */
  static List<ConfigError> backend(Backend b) {
    return BACKENDS.get(b);
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

  /** A function's answers for the last {@code capacity} inputs used, by equality. Thread-safe. */
  static final class Memo<K> {
    private final Function<K, List<ConfigError>> function;
    private final Map<K, List<ConfigError>> answers;

    Memo(int capacity, Function<K, List<ConfigError>> function) {
      this.function = function;
      this.answers =
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, List<ConfigError>> eldest) {
              return size() > capacity;
            }
          };
    }

    List<ConfigError> get(K key) {
      synchronized (answers) {
        List<ConfigError> known = answers.get(key);
        if (known != null) {
          return known;
        }
      }
      List<ConfigError> answer = List.copyOf(function.apply(key)); // outside the lock
      synchronized (answers) {
        answers.put(key, answer);
      }
      return answer;
    }

    int size() {
      synchronized (answers) {
        return answers.size();
      }
    }
  }
}
