package io.breakwater.dataplane.cli;

import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigError;
import io.breakwater.dataplane.config.ConfigException;
import io.breakwater.dataplane.config.ConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code breakwater check --config FILE}: validates a config file and reports every error. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Validate a dataplane config file.",
      "Exit 0 when valid; otherwise print every error with its path and exit 1."
    })
public final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ConfigFileOption configFile;

  @Override
  public Integer call() {
    try {
      Config c = ConfigLoader.load(configFile.file);
      spec.commandLine()
          .getOut()
          .printf(
              "%s: valid (%d frontends, %d backends)%n",
              configFile.file, c.frontends().size(), c.backends().size());
      return 0;
    } catch (ConfigException e) {
      printErrors(spec.commandLine().getErr(), configFile.file, e);
      return 1;
    }
  }

  static void printErrors(PrintWriter err, Path file, ConfigException e) {
    err.printf("%s: %d error(s)%n", file, e.errors().size());
    for (ConfigError error : e.errors()) {
      err.println("  " + error);
    }
    err.flush();
  }
}
