package io.breakwater.controller.status;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One entry of an Ingress's {@code status.loadBalancer.ingress}: an IP or a hostname.
 *
 * @param ip an IPv4 or IPv6 literal, or {@code null}
 * @param hostname a DNS name, or {@code null}; exactly one of the two is set
 */
public record LoadBalancerAddress(String ip, String hostname)
    implements Comparable<LoadBalancerAddress> {

  private static final Comparator<LoadBalancerAddress> ORDER =
      Comparator.comparing(LoadBalancerAddress::ip, Comparator.nullsLast(String::compareTo))
          .thenComparing(LoadBalancerAddress::hostname, Comparator.nullsLast(String::compareTo));

  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final Pattern DNS_NAME =
      Pattern.compile(
          "(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");

  public LoadBalancerAddress {
    if ((ip == null) == (hostname == null)) {
      throw new IllegalArgumentException("exactly one of ip and hostname: " + ip + ", " + hostname);
    }
  }

  /**
   * The addresses of {@code --publish-address}: comma-separated IPs and hostnames, sorted and
   * without repeats.
   *
   * @throws IllegalArgumentException naming the flag, the value and what was expected
   */
  public static List<LoadBalancerAddress> parseList(String text) {
    TreeSet<LoadBalancerAddress> addresses = new TreeSet<>();
    for (String part : Objects.requireNonNull(text, "text").split(",", -1)) {
      String a = part.trim();
      if (IPV4.matcher(a).matches() || IPV6.matcher(a).matches() && validIpv6(a)) {
        addresses.add(new LoadBalancerAddress(a, null));
      } else if (DNS_NAME.matcher(a).matches()) {
        addresses.add(new LoadBalancerAddress(null, a));
      } else {
        throw new IllegalArgumentException(
            "--publish-address: \""
                + a
                + "\" in \""
                + text
                + "\" (expected: comma-separated IP addresses or lower-case DNS names)");
      }
    }
    return List.copyOf(addresses);
  }

  /**
   * The addresses a Service publishes, sorted: its {@code status.loadBalancer.ingress} when it has
   * any (a LoadBalancer Service once provisioned); else its {@code spec.externalIPs}; else, for an
   * ExternalName Service, its {@code spec.externalName}; else its {@code spec.clusterIP} (none for
   * a headless Service).
   */
  public static List<LoadBalancerAddress> of(Service service) {
    TreeSet<LoadBalancerAddress> addresses = new TreeSet<>();
    if (service.getStatus() != null && service.getStatus().getLoadBalancer() != null) {
      List<LoadBalancerIngress> lb = service.getStatus().getLoadBalancer().getIngress();
      for (LoadBalancerIngress i : lb == null ? List.<LoadBalancerIngress>of() : lb) {
        if (notEmpty(i.getIp())) {
          addresses.add(new LoadBalancerAddress(i.getIp(), null));
        } else if (notEmpty(i.getHostname())) {
          addresses.add(new LoadBalancerAddress(null, i.getHostname()));
        }
      }
    }
    var spec = service.getSpec();
    if (addresses.isEmpty() && spec != null) {
      if (spec.getExternalIPs() != null) {
        spec.getExternalIPs().stream()
            .filter(LoadBalancerAddress::notEmpty)
            .forEach(ip -> addresses.add(new LoadBalancerAddress(ip, null)));
      }
      if (addresses.isEmpty()
          && "ExternalName".equals(spec.getType())
          && notEmpty(spec.getExternalName())) {
        addresses.add(new LoadBalancerAddress(null, spec.getExternalName()));
      } else if (addresses.isEmpty()
          && notEmpty(spec.getClusterIP())
          && !"None".equals(spec.getClusterIP())) {
        addresses.add(new LoadBalancerAddress(spec.getClusterIP(), null));
      }
    }
    return List.copyOf(addresses);
  }

  /** The addresses an Ingress's status holds now, sorted (ports are not compared). */
  public static List<LoadBalancerAddress> ofIngressStatus(List<IngressLoadBalancerIngress> status) {
    TreeSet<LoadBalancerAddress> addresses = new TreeSet<>();
    for (IngressLoadBalancerIngress i :
        status == null ? List.<IngressLoadBalancerIngress>of() : status) {
      if (notEmpty(i.getIp())) {
        addresses.add(new LoadBalancerAddress(i.getIp(), null));
      } else if (notEmpty(i.getHostname())) {
        addresses.add(new LoadBalancerAddress(null, i.getHostname()));
      }
    }
    return new ArrayList<>(addresses);
  }

  @Override
  public int compareTo(LoadBalancerAddress o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return ip != null ? ip : hostname;
  }

  private static boolean validIpv6(String a) {
    // A literal with ':' is never looked up in DNS, so this only parses.
    try {
      return java.net.InetAddress.getByName(a) instanceof java.net.Inet6Address;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
