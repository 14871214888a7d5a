package io.breakwater.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What can be checked of the image without building it (building takes minutes and a container
 * engine; {@code make image} and {@code make image-smoke} do that, see docs/install.md): the base
 * images are arguments with the registry defaults, the runtime stage's user and exec-form
 * entrypoint, the chart's image tag is the version the build makes, and {@code make image} says why
 * it builds nothing where neither Docker nor podman can run.
 */
class DockerfileTest {

  private final String dockerfile = Chart.read("deploy/Dockerfile");

  @TempDir Path bin;

  @Test
  void baseImagesAreArgumentsDefaultingToTemurin17() {
    assertThat(lines("^FROM (.+)$")).containsExactly("${BUILD_IMAGE} AS build", "${RUNTIME_IMAGE}");
    assertThat(lines("^ARG (BUILD_IMAGE|RUNTIME_IMAGE)=(.+)$"))
        .containsExactly(
            "BUILD_IMAGE=docker.io/library/maven:3.9-eclipse-temurin-17",
            "RUNTIME_IMAGE=docker.io/library/eclipse-temurin:17-jre");
    String build = Chart.read("hack/image/build.sh");
    String base = Chart.read("hack/image/base.sh");
    assertThat(build)
        .as("make image falls back to the bases hack/image/base.sh builds")
        .contains("LOCAL_BUILD=localhost/breakwater-base/maven:17")
        .contains("LOCAL_RUNTIME=localhost/breakwater-base/jre:17");
    assertThat(base)
        .contains("BASE_REPO=${BASE_REPO:-localhost/breakwater-base}")
        .contains("JRE_IMAGE=\"$BASE_REPO/jre:17\"")
        .contains("MAVEN_IMAGE=\"$BASE_REPO/maven:17\"");
  }

  @Test
  void runtimeRunsAsTheChartsNonRootUser() {
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

  @Test
  void withoutDockerOrPodmanMakeImageSaysWhyAndBuildsNothing() throws Exception {
    Run run = buildSh();
    assertThat(run.exit).isEqualTo(1);
    assertThat(run.output)
        .contains("make image: no docker command here and no podman")
        .contains("so no image is built");
  }

  @Test
  void withDockerButNoDaemonAndNoPodmanMakeImageSaysWhyAndBuildsNothing() throws Exception {
    Path docker = bin.resolve("docker");
    Files.writeString(
        docker, "#!/bin/sh\necho 'Cannot connect to the Docker daemon' >&2\nexit 1\n");
    Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
    Run run = buildSh();
    assertThat(run.exit).isEqualTo(1);
    assertThat(run.output)
        .contains("make image: docker is installed but no Docker daemon answers")
        .contains("so no image is built");
  }

  @Test
  void withADockerDaemonMakeImageRunsDockerBuildOnTheDockerfile() throws Exception {
    Path docker = bin.resolve("docker");
    Path calls = bin.resolve("calls");
    Files.writeString(docker, "#!/bin/sh\necho \"$DOCKER_BUILDKIT docker $*\" >>" + calls + "\n");
    Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
    Run run = buildSh();
    assertThat(run.exit).as(run.output).isZero();
    assertThat(run.output).contains("make image: building breakwater/breakwater:test with docker");
    assertThat(Files.readAllLines(calls))
        .containsExactly(
            " docker info", "1 docker build -f deploy/Dockerfile -t breakwater/breakwater:test .");
  }

  /** hack/image/build.sh with PATH holding only {@code bin}: no podman, no apt-get to get it. */
  private Run buildSh() throws IOException, InterruptedException {
    for (String tool : List.of("dirname", "id")) {
      Files.copy(Path.of("/usr/bin", tool), bin.resolve(tool));
      Files.setPosixFilePermissions(
          bin.resolve(tool), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    ProcessBuilder pb =
        new ProcessBuilder("/bin/bash", Chart.REPO.resolve("hack/image/build.sh").toString())
            .redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().put("PATH", bin.toString());
    pb.environment().put("IMAGE", "breakwater/breakwater:test");
    Process p = pb.start();
    p.getOutputStream().close();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("build.sh ends").isTrue();
    return new Run(
        p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private record Run(int exit, String output) {}

  private List<String> lines(String regex) {
    Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(dockerfile);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.groupCount() == 2 ? m.group(1) + "=" + m.group(2).strip() : m.group(1).strip());
    }
    return out;
  }
}
