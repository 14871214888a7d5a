package io.breakwater.controller.status;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.Duration;
import java.time.ZonedDateTime;

/** A lock another replica holds and keeps renewing: whoever uses it never leads. */
final class HeldElsewhere implements Lock {

  @Override
  public LeaderElectionRecord get(KubernetesClient client) {
    ZonedDateTime now = ZonedDateTime.now();
    return new LeaderElectionRecord("elsewhere", Duration.ofHours(1), now, now, 0);
  }

  @Override
  public void create(KubernetesClient client, LeaderElectionRecord record) {
    throw new IllegalStateException("held elsewhere");
  }

  @Override
  public void update(KubernetesClient client, LeaderElectionRecord record) {
    throw new IllegalStateException("held elsewhere");
  }

  @Override
  public String identity() {
    return "follower";
  }

  @Override
  public String describe() {
    return "held elsewhere";
  }
}
