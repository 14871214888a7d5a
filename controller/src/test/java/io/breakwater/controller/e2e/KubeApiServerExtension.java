package io.breakwater.controller.e2e;

import io.breakwater.controller.RepositoryFiles;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * Gives {@code *E2E} test classes a real Kubernetes API server ({@link KubeApi}, injected as a
 * parameter), one per test JVM, started by the first class that asks and stopped when the test run
 * ends. Before any test sees it, the CRDs of {@code crds/} are installed and Established, and the
 * controller's least-privilege RBAC, as the Helm chart installs it ({@value #INSTALL_MANIFEST}), is
 * applied and in effect for {@link KubeApi#controller()}.
 *
 * <p>The backend is the first of:
 *
 * <ol>
 *   <li>kube-apiserver and etcd binaries (see {@link KubeBins}: {@code make kube-bins} builds them)
 *       run as child processes by {@link LocalKubeApiServer};
 *   <li>K3s in Docker, when Testcontainers finds an engine ({@link K3sKubeApi}).
 * </ol>
 *
 * With neither, every test of the class is skipped with a message that says how to enable them — or
 * fails, when the environment has {@value #REQUIRE_ENV}{@code =1}, as CI does, so that a broken
 * setup cannot pass as a green run.
 *
 * <p>The server lives in the root store as an {@link AutoCloseable}, which JUnit closes after the
 * last test (the root store's {@code CloseableResource} is deprecated since JUnit 5.13 in favour of
 * exactly that); a JVM shutdown hook kills the processes if that never happens.
 */
public final class KubeApiServerExtension
    implements ExecutionCondition, BeforeAllCallback, ParameterResolver {

  /** Environment variable: {@code 1} turns "no API server" from a skip into a failure. */
  public static final String REQUIRE_ENV = "REQUIRE_KUBE_API";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KubeApiServerExtension.class);

  /** The Helm chart rendered with its default values; the e2e tier takes its RBAC objects. */
  static final String INSTALL_MANIFEST = "deploy/breakwater.yaml";

  static final Set<String> RBAC_KINDS =
      Set.of("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");

  private static final long CRD_ESTABLISHED_SECONDS = 60;
  private static final Duration RBAC_IN_EFFECT = Duration.ofSeconds(30);

  /**
   * Disables a test class, with the reason as the report's skip message, when there is no backend
   * and none is required; the reports then count the class as skipped rather than as empty.
   */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (context.getTestMethod().isPresent()) {
      return ConditionEvaluationResult.enabled("decided for the class");
    }
    Backend backend = backend(context);
    return backend.skipReason() != null
        ? ConditionEvaluationResult.disabled(backend.skipReason())
        : ConditionEvaluationResult.enabled(
            backend.api() != null ? backend.api().description() : "fails in beforeAll");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    kubeApi(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KubeApi.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return kubeApi(context);
  }

  private static KubeApi kubeApi(ExtensionContext context) {
    return backend(context).kubeApiOrAbort();
  }

  private static Backend backend(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Backend.class, k -> Backend.start(), Backend.class);
  }

  /**
   * The outcome of the one attempt per JVM to start a backend: a running API server, a reason to
   * skip, or the failure, so that later test classes neither retry a slow start nor pass.
   */
  private record Backend(KubeApi api, AutoCloseable resource, String skipReason, Exception failure)
      implements AutoCloseable {

    static Backend start() {
      KubeBins bins = KubeBins.locate();
      if (bins.present()) {
        return running(() -> LocalKubeApiServer.start(bins));
      }
      if (K3sKubeApi.dockerAvailable()) {
        return running(K3sKubeApi::start);
      }
      String reason =
          "no Kubernetes API server for the e2e tests: no kube-apiserver and etcd in "
              + bins.dir()
              + (bins.configured()
                  ? " (named by " + KubeBins.PROPERTY + " or " + KubeBins.ENV + ")"
                  : "")
              + " and no Docker for K3s. Build them with `make kube-bins` (needs Go; slow the"
              + " first time, cached after) or set "
              + KubeBins.ENV
              + " to a directory holding both.";
      if ("1".equals(System.getenv(REQUIRE_ENV))) {
        return new Backend(
            null,
            null,
            null,
            new ExtensionConfigurationException(REQUIRE_ENV + "=1 but " + reason));
      }
      System.err.println("[e2e] SKIPPED: " + reason);
      return new Backend(null, null, reason, null);
    }

    private static <T extends KubeApi & AutoCloseable> Backend running(Starter<T> starter) {
      T api = null;
      try {
        api = starter.start();
        installCrds(api.admin());
        applyControllerRbac(api);
        System.err.println("[e2e] API server: " + api.description());
        return new Backend(api, api, null, null);
      } catch (Exception e) {
        if (api != null) {
          try {
            api.close();
          } catch (Exception closing) {
            e.addSuppressed(closing);
          }
        }
        return new Backend(null, null, null, e);
      }
    }

    KubeApi kubeApiOrAbort() {
      if (failure != null) {
        throw new ExtensionConfigurationException(
            "the e2e API server did not start: " + failure.getMessage(), failure);
      }
      if (api == null) {
        throw new TestAbortedException(skipReason);
      }
      return api;
    }

    @Override
    public void close() throws Exception {
      if (resource != null) {
        resource.close();
      }
    }
  }

  @FunctionalInterface
  private interface Starter<T> {
    T start() throws Exception;
  }

  /** Applies every {@code crds/*.yaml} and waits until the API server serves each. */
  static void installCrds(KubernetesClient admin) throws IOException {
    for (Path file : yamlFiles("crds")) {
      CustomResourceDefinition crd =
          admin
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .load(file.toFile())
              .forceConflicts()
              .serverSideApply();
      admin
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(
              KubeApiServerExtension::established, CRD_ESTABLISHED_SECONDS, TimeUnit.SECONDS);
    }
  }

  /**
   * Creates the controller's namespace, applies the RBAC objects of {@value #INSTALL_MANIFEST} (the
   * chart rendered with its defaults: ClusterRole, ClusterRoleBinding, and the Role and RoleBinding
   * for Leases in the release namespace) and waits until the authorizer, which reads RBAC objects
   * through a cache, lets the controller list Ingresses and take a Lease.
   */
  static void applyControllerRbac(KubeApi api) throws IOException {
    KubernetesClient admin = api.admin();
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(KubeApi.CONTROLLER_NAMESPACE)
                .endMetadata()
                .build())
        .forceConflicts()
        .serverSideApply();
    List<HasMetadata> rbac;
    try (InputStream in = Files.newInputStream(RepositoryFiles.resolve(INSTALL_MANIFEST))) {
      rbac = admin.load(in).items().stream().filter(o -> RBAC_KINDS.contains(o.getKind())).toList();
    }
    if (rbac.stream().map(HasMetadata::getKind).distinct().count() != RBAC_KINDS.size()) {
      throw new IllegalStateException(
          INSTALL_MANIFEST + " lacks one of " + RBAC_KINDS + ": found " + rbac);
    }
    for (HasMetadata o : rbac) {
      admin.resource(o).forceConflicts().serverSideApply();
    }
    Await.until(
        "the controller's identity may list ingresses after the RBAC of "
            + INSTALL_MANIFEST
            + " was applied",
        RBAC_IN_EFFECT,
        () ->
            allowed(api.controller(), "list", "networking.k8s.io", "ingresses", "", "")
                && allowed(
                    api.controller(),
                    "create",
                    "coordination.k8s.io",
                    "leases",
                    "",
                    KubeApi.CONTROLLER_NAMESPACE));
  }

  /** The authorizer's answer to "may I?", asked with the client's own identity. */
  static boolean allowed(
      KubernetesClient client,
      String verb,
      String group,
      String resource,
      String subresource,
      String namespace) {
    SelfSubjectAccessReview review =
        new SelfSubjectAccessReviewBuilder()
            .withNewSpec()
            .withResourceAttributes(
                new ResourceAttributesBuilder()
                    .withVerb(verb)
                    .withGroup(group == null ? "" : group)
                    .withResource(resource)
                    .withSubresource(subresource == null ? "" : subresource)
                    .withNamespace(namespace == null ? "" : namespace)
                    .build())
            .endSpec()
            .build();
    return client
        .authorization()
        .v1()
        .selfSubjectAccessReview()
        .create(review)
        .getStatus()
        .getAllowed();
  }

  private static List<Path> yamlFiles(String dir) throws IOException {
    Path root = RepositoryFiles.resolve(dir);
    List<Path> files;
    try (Stream<Path> list = Files.list(root)) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("no *.yaml in " + root);
    }
    return files;
  }

  static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        // A CRD just created may have a status without conditions yet.
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
