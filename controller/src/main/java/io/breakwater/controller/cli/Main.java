package io.breakwater.controller.cli;

import io.breakwater.dataplane.cli.CheckCommand;
import io.breakwater.dataplane.cli.DataplaneCommand;
import io.breakwater.dataplane.cli.EchoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code breakwater}: one jar, every command. */
@Command(
    name = "breakwater",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Kubernetes ingress controller with a Netty reverse-proxy dataplane.",
    subcommands = {
      DataplaneCommand.class,
      CheckCommand.class,
      EchoCommand.class,
      VersionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit status (for tests). */
  public static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
