package io.breakwater.controller.cli;

import io.netty.channel.epoll.Epoll;
import io.netty.util.Version;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code breakwater version}: version and build information. */
@Command(name = "version", description = "Print version and build information.")
public final class VersionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    for (String line : lines()) {
      spec.commandLine().getOut().println(line);
    }
    return 0;
  }

  static String[] lines() {
    String version = Main.class.getPackage().getImplementationVersion();
    Version netty = Version.identify().get("netty-common");
    Map<String, Version> all = Version.identify();
    if (netty == null && !all.isEmpty()) {
      netty = all.values().iterator().next();
    }
    return new String[] {
      "breakwater " + (version == null ? "(development build)" : version),
      "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
      "netty " + (netty == null ? "unknown" : netty.artifactVersion()),
      "epoll " + (Epoll.isAvailable() ? "available" : "unavailable: " + Epoll.unavailabilityCause())
    };
  }

  /** Feeds {@code breakwater --version}. */
  public static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return lines();
    }
  }
}
