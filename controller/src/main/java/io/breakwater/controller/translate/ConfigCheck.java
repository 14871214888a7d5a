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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The dataplane's own validator applied to one piece of a translation at a time, so the controller
 * never keeps a second copy of the config's rules (host and path syntax, ranges, orderings) and
 * never produces what the dataplane would refuse.
 */
final class ConfigCheck {

  private static final HostPort LISTEN = new HostPort("0.0.0.0", 8080);

  private ConfigCheck() {}

  /** The problems of a config holding only this backend; paths start {@code backends[0]}. */
  static List<ConfigError> backend(Backend b) {
    return ConfigValidator.validate(
        new Config(Global.DEFAULT, Defaults.DEFAULT, List.of(), List.of(b)));
  }

  /**
   * The problems of this route alone, its backend and its split's backends taken as defined; paths
   * start {@code frontends[0].routes[0]}.
   */
  static List<ConfigError> route(Route r) {
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
}
