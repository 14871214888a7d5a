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

  /**
   * What to apply to go from {@code running} to {@code desired}. One pass over the backends, which
   * at thousands of backends is most of the cost of a sync for one endpoint change: each pair is
   * compared whole first (equal in the common case, with no copy), and only a pair that differs is
   * compared again without its servers.
   */
  public static ApplyPlan between(Config running, Config desired) {
    if (running == desired) {
      return new ApplyPlan(Outcome.NOOP, List.of(), "");
    }
    if (!running.global().equals(desired.global())) {
      return full("global changed");
    }
    if (!running.defaults().equals(desired.defaults())) {
      return full("defaults changed");
    }
    if (!running.frontends().equals(desired.frontends())) {
      return full(frontendReason(running, desired));
    }
    List<Backend> r = running.backends();
    List<Backend> d = desired.backends();
    List<Backend> changed = new ArrayList<>();
    for (int i = 0; i < Math.max(r.size(), d.size()); i++) {
      if (i >= r.size()) {
        return full("backend " + d.get(i).name() + " added");
      }
      if (i >= d.size()) {
        return full("backend " + r.get(i).name() + " removed");
      }
      Backend a = r.get(i);
      Backend b = d.get(i);
      if (a.equals(b)) {
        continue;
      }
      if (!a.name().equals(b.name())) {
        return full(
            desired.backend(a.name()) == null
                ? "backend " + a.name() + " removed"
                : "backend " + b.name() + " added");
      }
      if (!a.withServers(List.of()).equals(b.withServers(List.of()))) {
        return full("settings of backend " + a.name() + " changed");
      }
      changed.add(b);
    }
    return changed.isEmpty()
        ? new ApplyPlan(Outcome.NOOP, List.of(), "")
        : new ApplyPlan(Outcome.SERVERS, changed, "");
  }

  private static ApplyPlan full(String reason) {
    return new ApplyPlan(Outcome.FULL, List.of(), reason);
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
