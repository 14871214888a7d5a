package io.breakwater.charts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The chart under test: {@code charts/breakwater} rendered by Helm in the JVM (helm-java), as
 * release {@code breakwater} in namespace {@code breakwater}, the names the docs use.
 */
final class Chart {

  static final String RELEASE = "breakwater";
  static final String NAMESPACE = "breakwater";

  /** The repository root; Maven passes it, an IDE run from {@code charts/} finds it at "..". */
  static final Path REPO =
      Path.of(System.getProperty("breakwater.repo", "..")).toAbsolutePath().normalize();

  static final Path DIR = REPO.resolve("charts/breakwater");

  private static final ObjectMapper YAML = new YAMLMapper(new YAMLFactory());

  private Chart() {}

  static LintResult lint() {
    return new Helm(DIR).lint().strict().call();
  }

  /** The templates' output with the default values (CRDs are not part of it, as in Helm). */
  static String template() {
    return template(Map.of());
  }

  /**
   * The templates' output with {@code values} over the defaults, nested as in a values file.
   *
   * @throws IllegalStateException with Helm's message when the values or templates refuse
   */
  static String template(Map<String, Object> values) {
    TemplateCommand command = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE);
    if (values.isEmpty()) {
      return command.call();
    }
    Path file = null;
    try {
      file = Files.createTempFile("breakwater-values", ".yaml");
      YAML.writeValue(file.toFile(), values);
      return command.withValuesFile(file).call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temp file left behind harms nothing
        }
      }
    }
  }

  static Rendered render() {
    return Rendered.parse(template());
  }

  static Rendered render(Map<String, Object> values) {
    return Rendered.parse(template(values));
  }

  static String read(String repoPath) {
    try {
      return Files.readString(REPO.resolve(repoPath));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
