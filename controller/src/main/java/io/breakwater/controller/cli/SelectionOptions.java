package io.breakwater.controller.cli;

import io.breakwater.controller.model.ObjectRef;
import io.breakwater.controller.translate.EndpointsMode;
import io.breakwater.controller.translate.TranslateOptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** What is read and which Ingresses are ours: options shared by controller and translate. */
final class SelectionOptions {
  @Option(
      names = "--ingress-class",
      paramLabel = "NAME",
      defaultValue = TranslateOptions.DEFAULT_INGRESS_CLASS,
      description =
          "The IngressClass served (its spec.controller must be "
              + TranslateOptions.CONTROLLER_NAME
              + "). Default: ${DEFAULT-VALUE}.")
  String ingressClass;

  @Option(
      names = "--watch-namespace",
      paramLabel = "NS",
      description = "Only read this namespace; repeatable. Default: all namespaces.")
  List<String> namespaces = new ArrayList<>();

  @Option(
      names = "--watch-ingress-without-class",
      description = "Also serve Ingresses that name no class at all.")
  boolean withoutClass;

  @Option(
      names = "--endpoints",
      paramLabel = "KIND",
      defaultValue = "endpointslices",
      converter = EndpointsConverter.class,
      description =
          "Where pod addresses come from: endpointslices (discovery.k8s.io/v1) or endpoints (v1,"
              + " for old clusters). Default: ${DEFAULT-VALUE}.")
  EndpointsMode endpoints;

  @Option(
      names = "--external-name-services",
      paramLabel = "BOOL",
      arity = "0..1",
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Route to ExternalName Services (resolved by DNS); =false disables them. Default:"
              + " ${DEFAULT-VALUE}.")
  boolean externalName;

  @Option(
      names = "--default-tls-certificate",
      paramLabel = "NS/NAME",
      converter = SecretConverter.class,
      description =
          "A kubernetes.io/tls Secret whose certificate the TLS frontends serve when no SNI name"
              + " matches, instead of the bootstrap's first certificate. Watched even when no"
              + " Ingress names it.")
  ObjectRef defaultTlsCertificate;

  TranslateOptions options() {
    return TranslateOptions.DEFAULT
        .withIngressClass(ingressClass)
        .withWatchNamespaces(new LinkedHashSet<>(namespaces))
        .withWatchIngressWithoutClass(withoutClass)
        .withEndpointsMode(endpoints)
        .withExternalNameServices(externalName)
        .withDefaultTlsCertificate(defaultTlsCertificate);
  }

  static final class SecretConverter implements ITypeConverter<ObjectRef> {
    @Override
    public ObjectRef convert(String value) {
      int slash = value.indexOf('/');
      if (slash <= 0 || slash == value.length() - 1 || value.indexOf('/', slash + 1) >= 0) {
        throw new TypeConversionException(
            "'" + value + "' (expected: NAMESPACE/NAME of a kubernetes.io/tls Secret)");
      }
      return new ObjectRef("Secret", value.substring(0, slash), value.substring(slash + 1));
    }
  }

  static final class EndpointsConverter implements ITypeConverter<EndpointsMode> {
    @Override
    public EndpointsMode convert(String value) {
      return switch (value) {
        case "endpointslices", "endpointslice" -> EndpointsMode.ENDPOINT_SLICES;
        case "endpoints" -> EndpointsMode.ENDPOINTS;
        default ->
            throw new TypeConversionException(
                "'" + value + "' (expected: endpointslices or endpoints)");
      };
    }
  }
}
