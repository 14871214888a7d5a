package io.breakwater.controller.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * K3s in a container, for machines with Docker and without a built kube-apiserver. The controller's
 * identity is its real ServiceAccount here, with a token from the TokenRequest API. Image: the
 * system property {@value #IMAGE_PROPERTY}, default {@value #DEFAULT_IMAGE}.
 */
final class K3sKubeApi implements KubeApi, AutoCloseable {

  static final String IMAGE_PROPERTY = "breakwater.k3s.image";
  static final String DEFAULT_IMAGE = "rancher/k3s:v1.34.1-k3s1";
  private static final long TOKEN_SECONDS = 24 * 3600;

  private final K3sContainer container;
  private final KubernetesClient admin;
  private final KubernetesClient controller;

  private K3sKubeApi(K3sContainer container, KubernetesClient admin, KubernetesClient controller) {
    this.container = container;
    this.admin = admin;
    this.controller = controller;
  }

  /** Whether a Docker engine answers; false, not an exception, when Testcontainers finds none. */
  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  static K3sKubeApi start() {
    K3sContainer k3s =
        new K3sContainer(
            DockerImageName.parse(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE))
                .asCompatibleSubstituteFor("rancher/k3s"));
    k3s.start();
    KubernetesClient admin = null;
    try {
      Config adminConfig = Config.fromKubeconfig(k3s.getKubeConfigYaml());
      admin = new KubernetesClientBuilder().withConfig(adminConfig).build();
      admin
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(CONTROLLER_NAMESPACE)
                  .endMetadata()
                  .build())
          .serverSideApply();
      admin
          .serviceAccounts()
          .inNamespace(CONTROLLER_NAMESPACE)
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName(CONTROLLER_SERVICE_ACCOUNT)
                  .endMetadata()
                  .build())
          .serverSideApply();
      String token =
          admin
              .serviceAccounts()
              .inNamespace(CONTROLLER_NAMESPACE)
              .withName(CONTROLLER_SERVICE_ACCOUNT)
              .tokenRequest(
                  new TokenRequestBuilder()
                      .withNewSpec()
                      .withExpirationSeconds(TOKEN_SECONDS)
                      .endSpec()
                      .build())
              .getStatus()
              .getToken();
      Config controllerConfig =
          new ConfigBuilder(adminConfig)
              .withClientCertData(null)
              .withClientKeyData(null)
              .withClientCertFile(null)
              .withClientKeyFile(null)
              .withOauthToken(token)
              .build();
      KubernetesClient controller =
          new KubernetesClientBuilder().withConfig(controllerConfig).build();
      return new K3sKubeApi(k3s, admin, controller);
    } catch (RuntimeException e) {
      if (admin != null) {
        admin.close();
      }
      k3s.stop();
      throw e;
    }
  }

  @Override
  public String description() {
    return "K3s " + container.getDockerImageName() + " in Docker";
  }

  @Override
  public KubernetesClient admin() {
    return admin;
  }

  @Override
  public KubernetesClient controller() {
    return controller;
  }

  @Override
  public void close() {
    controller.close();
    admin.close();
    container.stop();
  }
}
