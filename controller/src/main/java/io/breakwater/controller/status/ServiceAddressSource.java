package io.breakwater.controller.status;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The addresses of one Service ({@code --publish-service NAMESPACE/NAME}), as {@link
 * LoadBalancerAddress#of(Service)} reads them, kept current by an informer on that Service alone: a
 * load balancer that gets its address after the controller started updates the Ingresses without
 * waiting for a sync.
 */
public final class ServiceAddressSource implements AddressSource {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceAddressSource.class);

  private final String namespace;
  private final String name;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final SharedIndexInformer<Service> informer;
  private volatile Optional<List<LoadBalancerAddress>> addresses = Optional.empty();

  private ServiceAddressSource(KubernetesClient client, String namespace, String name) {
    this.namespace = namespace;
    this.name = name;
    this.informer =
        client
            .services()
            .inNamespace(namespace)
            .withName(name)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Service s) {
                    update(s);
                  }

                  @Override
                  public void onUpdate(Service old, Service s) {
                    update(s);
                  }

                  @Override
                  public void onDelete(Service s, boolean unknownFinalState) {
                    update(null);
                  }
                },
                0);
  }

  /**
   * Starts watching {@code namespace/name}.
   *
   * @throws IllegalArgumentException when {@code reference} is not {@code NAMESPACE/NAME}
   */
  public static ServiceAddressSource watch(KubernetesClient client, String reference) {
    String[] parts = reference == null ? new String[0] : reference.split("/", -1);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new IllegalArgumentException(
          "--publish-service: \"" + reference + "\" (expected: NAMESPACE/NAME)");
    }
    return new ServiceAddressSource(Objects.requireNonNull(client, "client"), parts[0], parts[1]);
  }

  @Override
  public Optional<List<LoadBalancerAddress>> addresses() {
    return addresses;
  }

  @Override
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  @Override
  public void close() {
    informer.close();
  }

  private void update(Service s) {
    List<LoadBalancerAddress> now = s == null ? List.of() : LoadBalancerAddress.of(s);
    Optional<List<LoadBalancerAddress>> next = now.isEmpty() ? Optional.empty() : Optional.of(now);
    if (next.equals(addresses)) {
      return;
    }
    if (next.isEmpty()) {
      LOG.warn(
          "--publish-service {}/{}: {}; Ingress statuses are left as they are",
          namespace,
          name,
          s == null ? "no such Service" : "the Service has no address");
    } else {
      LOG.info("--publish-service {}/{}: publishing {}", namespace, name, now);
    }
    addresses = next;
    listeners.forEach(Runnable::run);
  }
}
