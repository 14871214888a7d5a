package io.breakwater.controller.cli;

import io.breakwater.controller.source.ManifestsSource;
import io.breakwater.controller.sync.DesiredConfig;
import io.breakwater.controller.translate.Problem;
import io.breakwater.controller.translate.Severity;
import io.breakwater.controller.translate.TranslateOptions;
import io.breakwater.controller.translate.Translation;
import io.breakwater.controller.translate.TranslationWriter;
import io.breakwater.controller.translate.Translator;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigError;
import io.breakwater.dataplane.config.ConfigException;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.config.ConfigWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code breakwater translate --manifests DIR}: what the controller would make of a directory of
 * manifests, without a cluster or a dataplane; for debugging Ingresses and annotations.
 */
@Command(
    name = "translate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Print what the controller makes of a directory of manifests: the routes, backends and"
          + " servers (-o translation, the default), or the whole dataplane config it would send"
          + " (-o config); and the problems found.",
      "Exit status: 0; 1 with --strict when a file or an object has an error; 2 on bad usage."
    })
public final class TranslateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--manifests",
      paramLabel = "DIR",
      required = true,
      description = "Read *.yaml, *.yml and *.json below DIR.")
  Path manifests;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "translation",
      description =
          "translation: routes, backends, policies and problems as YAML; config: the dataplane"
              + " config as JSON, as set config would send it. Default: ${DEFAULT-VALUE}.")
  String output;

  @Option(
      names = "--bootstrap",
      paramLabel = "FILE",
      description =
          "The dataplane's own config, for -o config (default: one frontend 'http' on"
              + " 0.0.0.0:8080).")
  Path bootstrap;

  @Option(
      names = "--strict",
      description = "Exit 1 when a file cannot be read or an object has an error.")
  boolean strict;

  @Mixin SelectionOptions selection;

  private static final String DEFAULT_BOOTSTRAP =
      "frontends:\n  - {name: http, listen: 0.0.0.0:8080}\n";

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!output.equals("translation") && !output.equals("config")) {
      err.println("breakwater translate: -o: '" + output + "' (expected: translation or config)");
      return 2;
    }
    Config base;
    try {
      base =
          bootstrap != null
              ? ConfigLoader.load(bootstrap)
              : ConfigLoader.parse(DEFAULT_BOOTSTRAP, "default bootstrap");
    } catch (ConfigException e) {
      for (ConfigError error : e.errors()) {
        err.println(bootstrap + ": " + error);
      }
      return 2;
    }
    ManifestsSource.Read read;
    try {
      read = ManifestsSource.read(manifests);
    } catch (UncheckedIOException e) {
      err.println("breakwater translate: --manifests: " + e.getCause().getMessage());
      return 2;
    }
    TranslateOptions options = selection.options().withDefaults(base.defaults());
    Translation t = Translator.translate(read.snapshot(), options);
    if (output.equals("config")) {
      out.println(ConfigWriter.toJson(DesiredConfig.of(base, t)));
      t.problems().forEach(p -> err.println(p));
    } else {
      out.print(TranslationWriter.yaml(t, base.defaults()));
    }
    read.problems().forEach(p -> err.println(p));
    out.flush();
    err.flush();
    boolean errors =
        !read.problems().isEmpty()
            || t.problems().stream().map(Problem::severity).anyMatch(s -> s == Severity.ERROR);
    return strict && errors ? 1 : 0;
  }
}
