package io.breakwater.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs where the tests do, so the image cannot be built here; this checks what can
 * be checked without one: the runtime stage, its user and entrypoint, and that the chart's image
 * tag is the version the build makes.
 */
class DockerfileTest {

  private final String dockerfile = Chart.read("deploy/Dockerfile");

  @Test
  void runtimeIsATemurin17JreAsANonRootUser() {
    List<String> from = lines("^FROM (.+)$");
    assertThat(from).hasSize(2);
    assertThat(from.get(0)).endsWith("AS build");
    assertThat(from.get(1)).isEqualTo("eclipse-temurin:17-jre");
    assertThat(lines("^USER (.+)$")).containsExactly("65532:65532");
    assertThat(Chart.render().podSpec().getSecurityContext().getRunAsUser())
        .as("the chart runs as the image's user")
        .isEqualTo(65532L);
  }

  @Test
  void entrypointIsExecFormAndRunsTheShadedJar() {
    assertThat(lines("^ENTRYPOINT (.+)$"))
        .containsExactly("[\"java\", \"-jar\", \"/opt/breakwater/breakwater.jar\"]");
    assertThat(dockerfile).contains("cp controller/target/breakwater.jar /breakwater.jar");
    assertThat(Chart.read("Makefile")).contains("JAR := controller/target/breakwater.jar");
  }

  @Test
  void chartAppVersionIsTheProjectVersion() {
    String pom = Chart.read("pom.xml");
    Matcher version = Pattern.compile("<version>([^<]+)</version>").matcher(pom);
    assertThat(version.find()).isTrue();
    String release = version.group(1).replace("-SNAPSHOT", "");
    assertThat(Chart.read("charts/breakwater/Chart.yaml"))
        .contains("appVersion: \"" + release + "\"");
  }

  private List<String> lines(String regex) {
    Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(dockerfile);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.group(1).strip());
    }
    return out;
  }
}
