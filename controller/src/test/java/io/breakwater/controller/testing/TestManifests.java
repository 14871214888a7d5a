package io.breakwater.controller.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Manifests the controller's tests share, and files of them for the {@code --manifests} source. */
public final class TestManifests {
  /** The IngressClass {@code breakwater} for Breakwater's controller. */
  public static final String INGRESS_CLASS =
      """
      apiVersion: networking.k8s.io/v1
      kind: IngressClass
      metadata: {name: breakwater}
      spec: {controller: breakwater.io/ingress-controller}
      """;

  private TestManifests() {}

  /**
   * Replaces {@code name} in {@code dir} in one rename, as kubectl cp or a ConfigMap update would,
   * so that the source never reads half a file.
   */
  public static void replace(Path dir, String name, String text) throws IOException {
    Path tmp = dir.resolve(".tmp-" + name);
    Files.writeString(tmp, text);
    Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }
}
