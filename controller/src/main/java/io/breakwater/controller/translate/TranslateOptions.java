package io.breakwater.controller.translate;

import io.breakwater.controller.model.ObjectRef;
import io.breakwater.dataplane.config.Defaults;
import java.util.Objects;
import java.util.Set;

/**
 * What translation is told rather than observes: which Ingresses are ours, which namespaces are
 * watched, and the config defaults that backends start from.
 *
 * @param ingressClass the IngressClass name this controller serves ({@code --ingress-class})
 * @param controllerName the {@code spec.controller} value our IngressClass must have
 * @param watchIngressWithoutClass also serve Ingresses that name no class at all
 * @param watchNamespaces the namespaces read; empty = all
 * @param externalNameServices whether ExternalName Services may be routed to (by DNS)
 * @param endpointsMode where pod addresses are read from
 * @param defaults the dataplane config's defaults: every backend starts from them, so they are the
 *     lowest level of the precedence (annotation > policy for the Service port > policy for the
 *     Service > defaults)
 * @param defaultTlsCertificate the {@code kubernetes.io/tls} Secret whose certificate the TLS
 *     frontends serve when no SNI name matches ({@code --default-tls-certificate}); {@code null}
 *     leaves the bootstrap's
 */
public record TranslateOptions(
    String ingressClass,
    String controllerName,
    boolean watchIngressWithoutClass,
    Set<String> watchNamespaces,
    boolean externalNameServices,
    EndpointsMode endpointsMode,
    Defaults defaults,
    ObjectRef defaultTlsCertificate) {

  /** The IngressClass name served unless told otherwise. */
  public static final String DEFAULT_INGRESS_CLASS = "breakwater";

  /** The {@code spec.controller} value of Breakwater's IngressClasses. */
  public static final String CONTROLLER_NAME = "breakwater.io/ingress-controller";

  /**
   * Class {@value #DEFAULT_INGRESS_CLASS}, controller {@value #CONTROLLER_NAME}, Ingresses without
   * a class only when that class is the cluster's default, every namespace, ExternalName Services
   * allowed, EndpointSlices, the dataplane's built-in defaults.
   */
  public static final TranslateOptions DEFAULT =
      new TranslateOptions(
          DEFAULT_INGRESS_CLASS,
          CONTROLLER_NAME,
          false,
          Set.of(),
          true,
          EndpointsMode.ENDPOINT_SLICES,
          Defaults.DEFAULT,
          null);

  public TranslateOptions {
    Objects.requireNonNull(ingressClass, "ingressClass");
    Objects.requireNonNull(controllerName, "controllerName");
    watchNamespaces = Set.copyOf(watchNamespaces);
    Objects.requireNonNull(endpointsMode, "endpointsMode");
    Objects.requireNonNull(defaults, "defaults");
    if (defaultTlsCertificate != null && !defaultTlsCertificate.kind().equals("Secret")) {
      throw new IllegalArgumentException(
          "defaultTlsCertificate: " + defaultTlsCertificate + " (expected: a Secret)");
    }
  }

  /** Whether objects of this namespace are read. */
  public boolean watches(String namespace) {
    return watchNamespaces.isEmpty() || watchNamespaces.contains(namespace);
  }

  public TranslateOptions withIngressClass(String name) {
    return new TranslateOptions(
        name,
        controllerName,
        watchIngressWithoutClass,
        watchNamespaces,
        externalNameServices,
        endpointsMode,
        defaults,
        defaultTlsCertificate);
  }

  public TranslateOptions withWatchIngressWithoutClass(boolean watch) {
    return new TranslateOptions(
        ingressClass,
        controllerName,
        watch,
        watchNamespaces,
        externalNameServices,
        endpointsMode,
        defaults,
        defaultTlsCertificate);
  }

  public TranslateOptions withWatchNamespaces(Set<String> namespaces) {
    return new TranslateOptions(
        ingressClass,
        controllerName,
        watchIngressWithoutClass,
        namespaces,
        externalNameServices,
        endpointsMode,
        defaults,
        defaultTlsCertificate);
  }

  public TranslateOptions withExternalNameServices(boolean allowed) {
    return new TranslateOptions(
        ingressClass,
        controllerName,
        watchIngressWithoutClass,
        watchNamespaces,
        allowed,
        endpointsMode,
        defaults,
        defaultTlsCertificate);
  }

  public TranslateOptions withEndpointsMode(EndpointsMode mode) {
    return new TranslateOptions(
        ingressClass,
        controllerName,
        watchIngressWithoutClass,
        watchNamespaces,
        externalNameServices,
        mode,
        defaults,
        defaultTlsCertificate);
  }

  public TranslateOptions withDefaults(Defaults d) {
    return new TranslateOptions(
        ingressClass,
        controllerName,
        watchIngressWithoutClass,
        watchNamespaces,
        externalNameServices,
        endpointsMode,
        d,
        defaultTlsCertificate);
  }

  public TranslateOptions withDefaultTlsCertificate(ObjectRef secret) {
    return new TranslateOptions(
        ingressClass,
        controllerName,
        watchIngressWithoutClass,
        watchNamespaces,
        externalNameServices,
        endpointsMode,
        defaults,
        secret);
  }
}
