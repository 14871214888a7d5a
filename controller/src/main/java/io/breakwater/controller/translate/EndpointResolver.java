package io.breakwater.controller.translate;

import io.breakwater.dataplane.config.HostPort;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The servers of a backend: its Service's ready endpoints, or its ExternalName.
 *
 * <ul>
 *   <li>Only <b>ready</b> endpoints become servers. A serving but terminating endpoint is left out:
 *       the dataplane drains a server that leaves the set (no new requests, in-flight ones finish),
 *       which is what a terminating pod needs. A {@code ready} condition that is absent counts as
 *       ready, as the EndpointSlice API says.
 *   <li>The endpoint port is the one whose name is the Service port's name, in each EndpointSlice
 *       (or Endpoints subset); a slice without ports falls back to a numeric {@code targetPort}.
 *   <li>A dual-stack Service uses the addresses of its first IP family only, so each pod is one
 *       server.
 *   <li>A server is named after its pod ({@code targetRef}), else after its address with {@code .}
 *       and {@code :} replaced by {@code -}. Names that would repeat within the backend get the
 *       port appended, then the address.
 * </ul>
 */
final class EndpointResolver {

  private EndpointResolver() {}

  /** Server name → address, sorted by name; empty when there is nothing to send requests to. */
  static Map<String, HostPort> servers(
      ServiceBackend b, SnapshotIndex index, TranslateOptions options) {
    if (!b.resolved()) {
      return Map.of();
    }
    if (b.isExternalName()) {
      String host = b.service().getSpec().getExternalName();
      HostPort address =
          options.externalNameServices() && host != null
              ? HostPort.parse(host + ":" + b.portNumber())
              : null;
      return address == null ? Map.of() : Map.of(host, address);
    }
    Map<HostPort, String> found = new LinkedHashMap<>();
    if (options.endpointsMode() == EndpointsMode.ENDPOINT_SLICES) {
      fromSlices(b, index, found);
    } else {
      fromEndpoints(b, index.endpoints(b.namespace(), b.serviceName()), found);
    }
    return names(found);
  }

  private static void fromSlices(ServiceBackend b, SnapshotIndex index, Map<HostPort, String> out) {
    String family = firstFamily(b);
    List<EndpointSlice> slices = new ArrayList<>(index.slices(b.namespace(), b.serviceName()));
    slices.sort(Comparator.comparing(s -> s.getMetadata().getName()));
    for (EndpointSlice slice : slices) {
      String type = slice.getAddressType();
      if (family != null && type != null && !type.equals(family) && !type.equals("FQDN")) {
        continue;
      }
      Integer port = slicePort(slice.getPorts(), b);
      if (port == null || slice.getEndpoints() == null) {
        continue;
      }
      for (Endpoint e : slice.getEndpoints()) {
        if (!ready(e.getConditions()) || e.getAddresses() == null || e.getAddresses().isEmpty()) {
          continue;
        }
        // The addresses of one endpoint are fungible; the API says to use the first.
        add(out, e.getAddresses().get(0), port, podName(e.getTargetRef()));
      }
    }
  }

  private static void fromEndpoints(
      ServiceBackend b, Endpoints endpoints, Map<HostPort, String> out) {
    if (endpoints == null || endpoints.getSubsets() == null) {
      return;
    }
    for (EndpointSubset subset : endpoints.getSubsets()) {
      Integer port = subsetPort(subset.getPorts(), b);
      if (port == null || subset.getAddresses() == null) {
        continue;
      }
      // notReadyAddresses (not ready, or terminating) are left out.
      for (EndpointAddress a : subset.getAddresses()) {
        add(out, a.getIp(), port, podName(a.getTargetRef()));
      }
    }
  }

  private static boolean ready(EndpointConditions c) {
    return c == null
        || (!Boolean.FALSE.equals(c.getReady()) && !Boolean.TRUE.equals(c.getTerminating()));
  }

  private static Integer slicePort(List<EndpointPort> ports, ServiceBackend b) {
    if (ports == null || ports.isEmpty()) {
      return fallbackPort(b);
    }
    String wanted = portName(b.servicePort());
    for (EndpointPort p : ports) {
      if (wanted.equals(nullToEmpty(p.getName())) && tcp(p.getProtocol()) && p.getPort() != null) {
        return p.getPort();
      }
    }
    return null;
  }

  private static Integer subsetPort(
      List<io.fabric8.kubernetes.api.model.EndpointPort> ports, ServiceBackend b) {
    if (ports == null || ports.isEmpty()) {
      return fallbackPort(b);
    }
    String wanted = portName(b.servicePort());
    for (io.fabric8.kubernetes.api.model.EndpointPort p : ports) {
      if (wanted.equals(nullToEmpty(p.getName())) && tcp(p.getProtocol()) && p.getPort() != null) {
        return p.getPort();
      }
    }
    return null;
  }

  /**
   * For endpoints that list no ports: the Service port's numeric {@code targetPort} (which defaults
   * to its {@code port}), or the Ingress's number for a Service without ports.
   */
  private static Integer fallbackPort(ServiceBackend b) {
    ServicePort sp = b.servicePort();
    if (sp == null) {
      return b.portNumber();
    }
    IntOrString target = sp.getTargetPort();
    if (target == null) {
      return sp.getPort();
    }
    return target.getIntVal();
  }

  private static String firstFamily(ServiceBackend b) {
    List<String> families = b.service().getSpec().getIpFamilies();
    return families == null || families.isEmpty() ? null : families.get(0);
  }

  private static void add(Map<HostPort, String> out, String ip, int port, String pod) {
    if (ip == null) {
      return;
    }
    HostPort address = new HostPort(ip, port);
    out.putIfAbsent(address, pod != null ? pod : sanitize(ip));
  }

  /** Unique names: a repeated name gets the port, then the address, appended. */
  private static Map<String, HostPort> names(Map<HostPort, String> found) {
    Map<String, Integer> counts = new HashMap<>();
    found.values().forEach(n -> counts.merge(n, 1, Integer::sum));
    Map<String, HostPort> byName = new TreeMap<>();
    Map<String, Integer> withPort = new HashMap<>();
    found.forEach(
        (a, n) -> {
          if (counts.get(n) > 1) {
            withPort.merge(n + "-" + a.port(), 1, Integer::sum);
          }
        });
    found.forEach(
        (a, n) -> {
          String name = n;
          if (counts.get(n) > 1) {
            name = n + "-" + a.port();
            if (withPort.get(name) > 1) {
              name = n + "-" + sanitize(a.host()) + "-" + a.port();
            }
          }
          byName.put(name, a);
        });
    return byName;
  }

  private static String podName(ObjectReference ref) {
    if (ref == null || ref.getName() == null || ref.getName().isEmpty()) {
      return null;
    }
    return ref.getKind() == null || ref.getKind().equals("Pod") ? ref.getName() : null;
  }

  static String sanitize(String address) {
    return address.replace('.', '-').replace(':', '-');
  }

  private static String portName(ServicePort p) {
    return p == null ? "" : nullToEmpty(p.getName());
  }

  private static boolean tcp(String protocol) {
    return protocol == null || protocol.equals("TCP");
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
