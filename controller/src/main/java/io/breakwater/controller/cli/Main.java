package io.breakwater.controller.cli;

import io.breakwater.controller.ctl.CtlCommand;
import io.breakwater.dataplane.cli.CheckCommand;
import io.breakwater.dataplane.cli.DataplaneCommand;
import io.breakwater.dataplane.cli.EchoCommand;
import java.io.PrintWriter;
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
      CtlCommand.class,
      ControllerCommand.class,
      TranslateCommand.class,
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
    return commandLine().execute(args);
  }

  /** Runs a command line with its output and errors going to the given writers (for tests). */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return commandLine().setOut(out).setErr(err).execute(args);
  }

  private static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    // `breakwater ctl set weight be/s -1`: every word from the command on is the command's.
    cl.getSubcommands().get("ctl").setStopAtPositional(true);
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
