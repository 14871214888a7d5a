package io.breakwater.controller.sync;

import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.config.ConfigWriter;
import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;

/**
 * A dataplane in memory that behaves as the Runtime API does: versions, version-checked configs,
 * restarts on the bootstrap config; it records each change and can be made unreachable.
 */
final class FakeDataplane implements DataplaneTarget {
  final Config bootstrap;
  final List<String> changes = new ArrayList<>();
  Config config;
  long version = 1;
  int process = 1;
  int reads;
  boolean down;

  /** Runs before each set config (a concurrent change, say). */
  Runnable beforeSetConfig = () -> {};

  FakeDataplane(Config bootstrap) {
    this.bootstrap = bootstrap;
    this.config = bootstrap;
  }

  static FakeDataplane withListener() {
    return new FakeDataplane(
        ConfigLoader.parse(
            "frontends:\n  - {name: http, listen: 127.0.0.1:8080}\n", "bootstrap.yaml"));
  }

  void restart() {
    process++;
    version = 1;
    config = bootstrap;
  }

  @Override
  public synchronized Identity identity() throws IOException {
    reachable();
    return new Identity("pid-" + process, version);
  }

  @Override
  public synchronized Running read() throws IOException {
    reachable();
    reads++;
    return new Running(identity(), ConfigLoader.parse(ConfigWriter.toJson(config), "show config"));
  }

  @Override
  public synchronized long setConfig(long expected, Config c) throws IOException {
    reachable();
    beforeSetConfig.run();
    if (expected != version) {
      throw new VersionConflictException(
          "version: " + expected + " is not the running config's version " + version);
    }
    config = ConfigLoader.parse(ConfigWriter.toJson(c), "runtime api");
    changes.add("config");
    return ++version;
  }

  @Override
  public synchronized long setServers(Backend b) throws IOException {
    reachable();
    List<Backend> backends = new ArrayList<>();
    boolean found = false;
    for (Backend x : config.backends()) {
      if (x.name().equals(b.name())) {
        backends.add(x.withServers(b.servers()));
        found = true;
      } else {
        backends.add(x);
      }
    }
    if (!found) {
      throw new ApplyRefusedException("No such backend.");
    }
    config = new Config(config.global(), config.defaults(), config.frontends(), backends);
    changes.add("servers " + b.name());
    return ++version;
  }

  /** Someone else changes the config (a second writer, an operator). */
  synchronized void changeBehindTheControllersBack(Config c) {
    config = c;
    version++;
  }

  /** The servers of a backend, as {@code name=host:port}. */
  synchronized List<String> servers(String backend) {
    Backend b = config.backend(backend);
    return b == null
        ? null
        : b.servers().stream().map(s -> s.name() + "=" + s.address().format()).toList();
  }

  @Override
  public String describe() {
    return "fake dataplane";
  }

  private void reachable() throws ConnectException {
    if (down) {
      throw new ConnectException("fake dataplane is down");
    }
  }
}
