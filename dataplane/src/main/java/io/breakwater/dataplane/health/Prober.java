package io.breakwater.dataplane.health;

import io.breakwater.dataplane.config.HealthCheck;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;

/**
 * Performs one health check. {@link HealthProbe} is the real one; what schedules checks takes this
 * interface, so the schedule can be tested without sockets.
 */
@FunctionalInterface
public interface Prober {

  /**
   * Starts one check of {@code target} on {@code loop} and returns at once.
   *
   * @return completes with the result, never with a failure; cancelling it abandons the check and
   *     closes its connection
   */
  Future<ProbeResult> probe(EventLoop loop, InetSocketAddress target, HealthCheck check);
}
