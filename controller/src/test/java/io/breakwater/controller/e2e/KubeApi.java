package io.breakwater.controller.e2e;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.Locale;
import org.opentest4j.TestAbortedException;

/**
 * A running Kubernetes API server as the e2e tests see it; {@link KubeApiServerExtension} injects
 * it into test methods, constructors and {@code @BeforeAll} methods. The clients belong to the
 * extension, which closes them: tests never close them.
 *
 * <p>Only an API server runs: no controller manager, scheduler or kubelet. Nothing creates Pods or
 * EndpointSlices by itself, nothing is garbage-collected, and a deleted namespace never finishes
 * terminating — so each test works in a {@link #createNamespace fresh namespace} and leaves it.
 */
public interface KubeApi {

  /**
   * Namespace of the controller's ServiceAccount: the release namespace of deploy/breakwater.yaml,
   * where its Role grants Leases.
   */
  String CONTROLLER_NAMESPACE = "breakwater";

  /** The controller's ServiceAccount, as the chart names it. */
  String CONTROLLER_SERVICE_ACCOUNT = "breakwater";

  /** The user name the API server sees for the controller's identity. */
  String CONTROLLER_USER =
      "system:serviceaccount:" + CONTROLLER_NAMESPACE + ":" + CONTROLLER_SERVICE_ACCOUNT;

  /** What serves the API, for messages: e.g. {@code kube-apiserver v1.37.2 on 127.0.0.1:40123}. */
  String description();

  /** A client of a cluster administrator (group {@code system:masters}: never subject to RBAC). */
  KubernetesClient admin();

  /**
   * A client with the controller's identity, {@value #CONTROLLER_USER}: it may do what RBAC grants
   * that ServiceAccount and nothing else: the chart's RBAC, which the extension applies.
   */
  KubernetesClient controller();

  /**
   * Stops the API server and leaves its storage running, for tests of an outage; clients fail until
   * {@link #startApiServer()}. Only the local backend can; elsewhere the test is skipped.
   */
  default void stopApiServer() {
    throw new TestAbortedException(description() + " cannot stop its API server alone");
  }

  /** Starts the API server {@link #stopApiServer()} stopped, and returns once it is ready. */
  default void startApiServer() throws IOException {
    throw new TestAbortedException(description() + " cannot start its API server alone");
  }

  /** Creates a namespace whose name starts with {@code prefix} and returns its name. */
  default String createNamespace(String prefix) {
    Namespace ns =
        new NamespaceBuilder()
            .withNewMetadata()
            .withGenerateName(prefix.toLowerCase(Locale.ROOT) + "-")
            .endMetadata()
            .build();
    return admin().namespaces().resource(ns).create().getMetadata().getName();
  }
}
