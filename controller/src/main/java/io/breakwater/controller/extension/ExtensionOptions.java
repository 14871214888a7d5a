package io.breakwater.controller.extension;

/**
 * The {@code breakwater controller} flags {@link ControllerExtensions} reads, as the command line
 * gave them ({@code null} = not given).
 *
 * @param publishService {@code --publish-service NAMESPACE/NAME}: the Service whose load-balancer
 *     address our Ingresses' status gets
 * @param publishAddress {@code --publish-address A[,B…]}: IPs or hostnames for that status instead
 * @param leaderElect {@code --leader-elect}: elect a leader on a Lease; else this replica leads
 * @param leaseName {@code --lease-name} (default {@code breakwater-leader})
 * @param leaseNamespace {@code --lease-namespace} (default {@code $POD_NAMESPACE}, else the
 *     client's namespace, else {@code default})
 * @param metricsListen {@code --metrics-listen HOST:PORT}: serve {@code /metrics}, {@code
 *     /healthz}, {@code /readyz} there; none when null
 */
public record ExtensionOptions(
    String publishService,
    String publishAddress,
    boolean leaderElect,
    String leaseName,
    String leaseNamespace,
    String metricsListen) {

  /** No flag given: no status addresses, no election, no HTTP endpoint. */
  public static final ExtensionOptions NONE =
      new ExtensionOptions(null, null, false, null, null, null);

  public ExtensionOptions withPublishService(String v) {
    return new ExtensionOptions(
        v, publishAddress, leaderElect, leaseName, leaseNamespace, metricsListen);
  }

  public ExtensionOptions withPublishAddress(String v) {
    return new ExtensionOptions(
        publishService, v, leaderElect, leaseName, leaseNamespace, metricsListen);
  }

  public ExtensionOptions withLeaderElect(boolean v, String name, String namespace) {
    return new ExtensionOptions(publishService, publishAddress, v, name, namespace, metricsListen);
  }

  public ExtensionOptions withMetricsListen(String v) {
    return new ExtensionOptions(
        publishService, publishAddress, leaderElect, leaseName, leaseNamespace, v);
  }
}
