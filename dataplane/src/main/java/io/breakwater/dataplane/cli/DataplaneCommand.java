package io.breakwater.dataplane.cli;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigException;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.config.Durations;
import io.breakwater.dataplane.config.Frontend;
import io.breakwater.dataplane.config.Global;
import io.breakwater.dataplane.config.Transport;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code breakwater dataplane --config FILE}: runs the proxy until SIGTERM, then drains. */
@Command(
    name = "dataplane",
    mixinStandardHelpOptions = true,
    description = {
      "Run the proxy on a config file.",
      "Refuses to start on an invalid file (the errors are printed, exit status 1).",
      "SIGTERM or SIGINT: stop accepting, let in-flight requests finish within"
          + " global.shutdownGrace, close keep-alive connections after their response, exit 0."
    })
public final class DataplaneCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ConfigFileOption configFile;

  @Option(
      names = "--nio",
      description =
          "Use Java NIO even where native epoll is available (overrides global.transport).")
  boolean nio;

  @Option(
      names = "--wait-for-config",
      description =
          "Start on this (bootstrap) config but answer /readyz 503 until a whole config is applied"
              + " (set config, PUT /v1/config, the controller).")
  boolean waitForConfig;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Config c;
    try {
      c = ConfigLoader.load(configFile.file);
    } catch (ConfigException e) {
      CheckCommand.printErrors(err, configFile.file, e);
      return 1;
    }
    if (nio) {
      Global g = c.global();
      c = new Config(g.withTransport(Transport.NIO), c.defaults(), c.frontends(), c.backends());
    }
    Signals signals = Signals.install();
    Dataplane dp;
    try {
      dp = Dataplane.start(c);
    } catch (ConfigException e) {
      CheckCommand.printErrors(err, configFile.file, e);
      return 1;
    }
    if (waitForConfig) {
      dp.awaitConfig();
    }
    for (Frontend f : c.frontends()) {
      out.printf(
          "frontend %s listening on %s:%d%n", f.name(), f.listen().host(), dp.port(f.name()));
    }
    out.printf(
        "transport %s, %d worker(s); Ctrl-C or SIGTERM to stop%n",
        dp.transport(), c.global().effectiveWorkers());
    out.flush();
    String signal = signals.await();
    // The running config's grace period: a swap may have changed it since start.
    Duration grace = dp.config().global().shutdownGrace();
    out.printf("SIG%s: draining for up to %s%n", signal, Durations.format(grace));
    out.flush();
    boolean clean = dp.shutdown(grace);
    out.println(clean ? "stopped" : "stopped; connections still open at the deadline were closed");
    out.flush();
    return 0;
  }
}
