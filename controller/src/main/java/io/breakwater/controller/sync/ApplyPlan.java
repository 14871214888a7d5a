package io.breakwater.controller.sync;

import io.breakwater.controller.sync.SyncListener.Outcome;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The smallest change that turns the running config into the desired one: nothing, new server sets
 * for some backends, or the whole config. A pure function of the two configs.
 *
 * @param outcome {@link Outcome#NOOP}, {@link Outcome#SERVERS} or {@link Outcome#FULL}
 * @param backends for {@code SERVERS}, the desired backends whose servers changed, in config order
 * @param reason for {@code FULL}, the first difference found, for the log (e.g. {@code backend
 *     default/web/80 added}); empty otherwise
 */
public record ApplyPlan(Outcome outcome, List<Backend> backends, String reason) {

  public ApplyPlan {
    Objects.requireNonNull(outcome, "outcome");
    backends = List.copyOf(backends);
    Objects.requireNonNull(reason, "reason");
  }

  /** What to apply to go from {@code running} to {@code desired}. */
  public static ApplyPlan between(Config running, Config desired) {
    if (running.equals(desired)) {
      return new ApplyPlan(Outcome.NOOP, List.of(), "");
    }
    String reason = fullReason(running, desired);
    if (reason != null) {
      return new ApplyPlan(Outcome.FULL, List.of(), reason);
    }
    List<Backend> changed = new ArrayList<>();
    for (int i = 0; i < desired.backends().size(); i++) {
      Backend d = desired.backends().get(i);
      if (!d.servers().equals(running.backends().get(i).servers())) {
        changed.add(d);
      }
    }
    return new ApplyPlan(Outcome.SERVERS, changed, "");
  }

  /**
   * Why server sets alone cannot get there, or null when they can: same global, defaults and
   * frontends, and the same backends in the same order, differing at most in their servers.
   */
  private static String fullReason(Config running, Config desired) {
    if (!running.global().equals(desired.global())) {
      return "global changed";
    }
    if (!running.defaults().equals(desired.defaults())) {
      return "defaults changed";
    }
    if (!running.frontends().equals(desired.frontends())) {
      return frontendReason(running, desired);
    }
    List<Backend> r = running.backends();
    List<Backend> d = desired.backends();
    for (int i = 0; i < Math.max(r.size(), d.size()); i++) {
      if (i >= r.size()) {
        return "backend " + d.get(i).name() + " added";
      }
      if (i >= d.size()) {
        return "backend " + r.get(i).name() + " removed";
      }
      Backend a = r.get(i);
      Backend b = d.get(i);
      if (!a.name().equals(b.name())) {
        return desired.backend(a.name()) == null
            ? "backend " + a.name() + " removed"
            : "backend " + b.name() + " added";
      }
      if (!a.withServers(List.of()).equals(b.withServers(List.of()))) {
        return "settings of backend " + a.name() + " changed";
      }
    }
    return null;
  }

  private static String frontendReason(Config running, Config desired) {
    if (running.frontends().size() != desired.frontends().size()) {
      return "frontends changed";
    }
    for (int i = 0; i < running.frontends().size(); i++) {
      var a = running.frontends().get(i);
      var b = desired.frontends().get(i);
      if (!a.routes().equals(b.routes())) {
        return "routes changed";
      }
      if (!Objects.equals(a.defaultBackend(), b.defaultBackend())) {
        return "default backend changed";
      }
      if (!Objects.equals(a.tls(), b.tls())) {
        return "certificates changed";
      }
    }
    return "frontends changed";
  }
}
