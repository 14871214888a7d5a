package io.breakwater.controller.cli;

import io.breakwater.controller.ctl.CtlCommand;
import io.breakwater.dataplane.cli.CheckCommand;
import io.breakwater.dataplane.cli.DataplaneCommand;
import io.breakwater.dataplane.cli.EchoCommand;
import java.io.PrintWriter;
import java.util.Properties;
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
  /** Netty's system property: one buffer in this many is tracked by its leak detector. */
  static final String LEAK_SAMPLING_PROPERTY = "io.netty.leakDetection.samplingInterval";

  /**
   * The sampling interval when the JVM was given none: {@value}. Netty's default, 128, captures a
   * stack trace for one buffer in 128, about 2 % of an event loop's time under HTTP/2 load; one in
   * 4096 still finds a steady leak, at a thirty-second of the cost.
   */
  static final int LEAK_SAMPLING_INTERVAL = 4096;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Before anything loads Netty: ResourceLeakDetector reads the property once, when it loads.
    defaultLeakSampling(System.getProperties());
    System.exit(run(args));
  }

  /**
   * Sets {@link #LEAK_SAMPLING_PROPERTY} to {@link #LEAK_SAMPLING_INTERVAL} unless it is set
   * already, so {@code -Dio.netty.leakDetection.samplingInterval=…} in the JVM options wins (and
   * {@code -Dio.netty.leakDetection.level=paranoid} tracks every buffer whatever the interval).
   */
  static void defaultLeakSampling(Properties system) {
    if (system.getProperty(LEAK_SAMPLING_PROPERTY) == null) {
      system.setProperty(LEAK_SAMPLING_PROPERTY, Integer.toString(LEAK_SAMPLING_INTERVAL));
    }
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
