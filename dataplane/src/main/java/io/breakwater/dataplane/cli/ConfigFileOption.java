package io.breakwater.dataplane.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option, shared by every command that reads a dataplane config. */
final class ConfigFileOption {
  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "Dataplane config (YAML or JSON).")
  Path file;
}
