package io.breakwater.controller.model;

import io.breakwater.controller.crd.CircuitBreaker;
import io.breakwater.controller.crd.RetryPolicy;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The objects a source observed at one moment: everything translation reads, nothing else.
 *
 * <p>The lists are immutable; the objects in them are fabric8's mutable model classes, shared with
 * the informer caches they came from, and must never be modified. Equality is the lists' equality,
 * so two snapshots of an unchanged cluster are equal.
 *
 * @param ingresses {@code networking.k8s.io/v1} Ingresses, of every class: choosing ours is
 *     translation's job
 * @param ingressClasses IngressClasses
 * @param services Services
 * @param endpointSlices {@code discovery.k8s.io/v1} EndpointSlices (the default endpoints mode)
 * @param endpoints v1 Endpoints, for clusters read in the Endpoints mode
 * @param secrets Secrets of type {@value #TLS_SECRET_TYPE}; other Secrets are never read
 * @param circuitBreakers {@code breakwater.io} CircuitBreakers
 * @param retryPolicies {@code breakwater.io} RetryPolicies
 */
public record ClusterSnapshot(
    List<Ingress> ingresses,
    List<IngressClass> ingressClasses,
    List<Service> services,
    List<EndpointSlice> endpointSlices,
    List<Endpoints> endpoints,
    List<Secret> secrets,
    List<CircuitBreaker> circuitBreakers,
    List<RetryPolicy> retryPolicies) {

  /** The only Secret type a snapshot holds. */
  public static final String TLS_SECRET_TYPE = "kubernetes.io/tls";

  /** Nothing observed. */
  public static final ClusterSnapshot EMPTY = of(List.of());

  public ClusterSnapshot {
    ingresses = List.copyOf(ingresses);
    ingressClasses = List.copyOf(ingressClasses);
    services = List.copyOf(services);
    endpointSlices = List.copyOf(endpointSlices);
    endpoints = List.copyOf(endpoints);
    secrets = List.copyOf(secrets);
    circuitBreakers = List.copyOf(circuitBreakers);
    retryPolicies = List.copyOf(retryPolicies);
  }

  /**
   * A snapshot of whatever objects are given, sorted by kind, in their given order. Objects of
   * other kinds, and Secrets of another type than {@value #TLS_SECRET_TYPE}, are left out, as a
   * source that watches only what translation reads would never have seen them.
   */
  public static ClusterSnapshot of(Collection<? extends HasMetadata> objects) {
    List<Ingress> ingresses = new ArrayList<>();
    List<IngressClass> classes = new ArrayList<>();
    List<Service> services = new ArrayList<>();
    List<EndpointSlice> slices = new ArrayList<>();
    List<Endpoints> endpoints = new ArrayList<>();
    List<Secret> secrets = new ArrayList<>();
    List<CircuitBreaker> breakers = new ArrayList<>();
    List<RetryPolicy> retryPolicies = new ArrayList<>();
    for (HasMetadata o : objects) {
      if (o instanceof Ingress i) {
        ingresses.add(i);
      } else if (o instanceof IngressClass c) {
        classes.add(c);
      } else if (o instanceof Service s) {
        services.add(s);
      } else if (o instanceof EndpointSlice s) {
        slices.add(s);
      } else if (o instanceof Endpoints e) {
        endpoints.add(e);
      } else if (o instanceof Secret s && TLS_SECRET_TYPE.equals(s.getType())) {
        secrets.add(s);
      } else if (o instanceof CircuitBreaker b) {
        breakers.add(b);
      } else if (o instanceof RetryPolicy r) {
        retryPolicies.add(r);
      }
    }
    return new ClusterSnapshot(
        ingresses, classes, services, slices, endpoints, secrets, breakers, retryPolicies);
  }
}
