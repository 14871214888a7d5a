package io.breakwater.controller.e2e;

import io.breakwater.controller.RepositoryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the kube-apiserver and etcd binaries are: the directory named by the system property
 * {@value #PROPERTY} or else the environment variable {@value #ENV}, or by default the one {@code
 * make kube-bins} fills, {@code .cache/kube-bins/<version>} in the repository, with the Kubernetes
 * version that {@code hack/kube/go.mod} requires.
 *
 * @param dir the directory that holds (or should hold) both binaries
 * @param configured whether a property or the environment named it
 */
record KubeBins(Path dir, boolean configured) {

  static final String PROPERTY = "breakwater.kube.bins";
  static final String ENV = "BREAKWATER_KUBE_BINS";
  private static final Pattern KUBERNETES_REQUIREMENT =
      Pattern.compile("(?m)^\\s*(?:require\\s+)?k8s\\.io/kubernetes\\s+(v\\S+)");

  static KubeBins locate() {
    String named = System.getProperty(PROPERTY, "");
    if (named.isBlank()) {
      named = System.getenv().getOrDefault(ENV, "");
    }
    if (!named.isBlank()) {
      return new KubeBins(Path.of(named).toAbsolutePath(), true);
    }
    return new KubeBins(
        RepositoryFiles.resolve(".cache/kube-bins").resolve(requiredVersion()), false);
  }

  /** The Kubernetes release hack/kube/go.mod requires, e.g. {@code v1.37.2}. */
  static String requiredVersion() {
    Path goMod = RepositoryFiles.resolve("hack/kube/go.mod");
    try {
      Matcher m = KUBERNETES_REQUIREMENT.matcher(Files.readString(goMod));
      if (!m.find()) {
        throw new IllegalStateException(goMod + " requires no k8s.io/kubernetes");
      }
      return m.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path apiServer() {
    return dir.resolve("kube-apiserver");
  }

  Path etcd() {
    return dir.resolve("etcd");
  }

  boolean present() {
    return Files.isExecutable(apiServer()) && Files.isExecutable(etcd());
  }
}
