package io.breakwater.controller.status;

import io.breakwater.controller.RepositoryFiles;
import io.breakwater.controller.crd.CircuitBreaker;
import io.breakwater.controller.crd.RetryPolicy;
import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.translate.Manifests;
import io.breakwater.controller.translate.TranslateOptions;
import io.breakwater.controller.translate.Translation;
import io.breakwater.controller.translate.Translator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** A cluster in the CRUD mock API server, read back as the informers of the sync loop would. */
final class TestCluster {

  private final KubernetesClient client;

  TestCluster(KubernetesClient client) {
    this.client = client;
  }

  /** Installs Breakwater's CRDs, so the mock serves their status subresource. */
  TestCluster withCrds() {
    for (String f :
        List.of(
            "crds/circuitbreakers.breakwater.io.yaml", "crds/retrypolicies.breakwater.io.yaml")) {
      try (InputStream in = Files.newInputStream(RepositoryFiles.resolve(f))) {
        client.apiextensions().v1().customResourceDefinitions().load(in).createOr(r -> r.update());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return this;
  }

  /** Creates the objects of {@code yaml}. */
  TestCluster apply(String yaml) {
    for (HasMetadata o : Manifests.parse(yaml)) {
      client.resource(o).createOr(r -> r.update());
    }
    return this;
  }

  /** Everything translation reads, as the API server has it now. */
  ClusterSnapshot snapshot() {
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(client.network().v1().ingressClasses().list().getItems());
    all.addAll(client.network().v1().ingresses().inAnyNamespace().list().getItems());
    all.addAll(client.services().inAnyNamespace().list().getItems());
    all.addAll(client.discovery().v1().endpointSlices().inAnyNamespace().list().getItems());
    all.addAll(client.resources(CircuitBreaker.class).inAnyNamespace().list().getItems());
    all.addAll(client.resources(RetryPolicy.class).inAnyNamespace().list().getItems());
    return ClusterSnapshot.of(all);
  }

  static Translation translate(ClusterSnapshot s) {
    return Translator.translate(s, TranslateOptions.DEFAULT);
  }
}
