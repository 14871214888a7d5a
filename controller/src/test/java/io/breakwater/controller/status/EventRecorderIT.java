package io.breakwater.controller.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.sync.SyncListener.Outcome;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * EventRecorder against the fabric8 CRUD mock API server: a bad annotation becomes one Warning
 * Event on its Ingress, a problem that persists is not written again (only bumped after {@link
 * EventRecorder#REPEAT_AFTER}), writes are rate-limited, and a follower writes nothing.
 */
@EnableKubernetesMockClient(crud = true)
class EventRecorderIT {

  // Instance fields: a fresh mock API server for every test.
  KubernetesMockServer server;
  KubernetesClient client;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T10:00:00Z"));
  private EventRecorder recorder;

  @AfterEach
  void stop() {
    if (recorder != null) {
      recorder.close();
    }
  }

  @BeforeEach
  void createClass() {
    new TestCluster(client)
        .apply(
            """
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata: {name: breakwater}
            spec: {controller: breakwater.io/ingress-controller}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: api, namespace: shop}
            spec:
              ports: [{port: 80}]
            """);
  }

  @Test
  void anInvalidAnnotationBecomesAWarningEventOnItsIngress() throws Exception {
    badIngresses(1);
    recorder = new EventRecorder(client, LeaderElection.always(), clock);

    sync();

    List<Event> events = events();
    assertThat(events).hasSize(1);
    Event e = events.get(0);
    assertThat(e.getType()).isEqualTo("Warning");
    assertThat(e.getReason()).isEqualTo("InvalidAnnotation");
    assertThat(e.getMessage())
        .startsWith("metadata.annotations[breakwater.io/timeout-connect]: ")
        .contains("soon");
    assertThat(e.getInvolvedObject().getKind()).isEqualTo("Ingress");
    assertThat(e.getInvolvedObject().getNamespace()).isEqualTo("shop");
    assertThat(e.getInvolvedObject().getName()).isEqualTo("bad-0");
    assertThat(e.getInvolvedObject().getUid())
        .isEqualTo(
            client
                .network()
                .v1()
                .ingresses()
                .inNamespace("shop")
                .withName("bad-0")
                .get()
                .getMetadata()
                .getUid());
    assertThat(e.getSource().getComponent()).isEqualTo(EventRecorder.COMPONENT);
    assertThat(e.getCount()).isEqualTo(1);
  }

  @Test
  void aPersistingProblemIsRecordedOnceAndBumpedAfterTheRepeatInterval() throws Exception {
    badIngresses(1);
    recorder = new EventRecorder(client, LeaderElection.always(), clock);

    sync();
    clock.advance(Duration.ofMinutes(1));
    sync();
    sync();

    assertThat(recorder.writes()).isEqualTo(1);
    assertThat(events()).singleElement().extracting(Event::getCount).isEqualTo(1);

    clock.advance(EventRecorder.REPEAT_AFTER);
    sync();

    assertThat(recorder.writes()).isEqualTo(2);
    Event bumped = events().get(0);
    assertThat(events()).hasSize(1);
    assertThat(bumped.getCount()).isEqualTo(2);
    assertThat(bumped.getLastTimestamp()).isEqualTo("2026-11-01T10:31:00Z");
    assertThat(bumped.getFirstTimestamp()).isEqualTo("2026-11-01T10:00:00Z");
  }

  @Test
  void aProblemThatGoesAwayAndReturnsIsANewEvent() throws Exception {
    badIngresses(1);
    recorder = new EventRecorder(client, LeaderElection.always(), clock);
    sync();
    ClusterSnapshot bad = new TestCluster(client).snapshot();

    ClusterSnapshot fixed = ClusterSnapshot.EMPTY;
    recorder.onSync(fixed, TestCluster.translate(fixed), Outcome.FULL, Duration.ZERO, -1, null);
    recorder.flush().get(10, TimeUnit.SECONDS);
    recorder.onSync(bad, TestCluster.translate(bad), Outcome.FULL, Duration.ZERO, -1, null);
    recorder.flush().get(10, TimeUnit.SECONDS);

    assertThat(recorder.writes()).isEqualTo(2);
    assertThat(events()).hasSize(2);
  }

  @Test
  void writesBeyondTheBurstWaitForTheRateLimit() throws Exception {
    badIngresses(5);
    // 2 at once, then one a day: the rest cannot be written within this test.
    TokenBucket bucket = new TokenBucket(clock, 2, 1.0 / 86_400);
    recorder = new EventRecorder(client, LeaderElection.always(), clock, bucket);

    sync();

    assertThat(events()).hasSize(2);
    assertThat(recorder.writes()).isEqualTo(2);

    clock.advance(Duration.ofDays(1));
    sync();

    assertThat(events()).hasSize(3);
  }

  @Test
  void aReplicaThatIsNotTheLeaderRecordsNothing() throws Exception {
    badIngresses(1);
    LeaderElection follower =
        LeaderElection.lease(client, StatusWriterIT.settings("follower"), new HeldElsewhere());
    recorder = new EventRecorder(client, follower, clock);

    sync();

    assertThat(recorder.writes()).isZero();
    assertThat(events()).isEmpty();
  }

  private void badIngresses(int n) {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < n; i++) {
      yaml.append(
          """
          ---
          apiVersion: networking.k8s.io/v1
          kind: Ingress
          metadata:
            name: bad-%d
            namespace: shop
            annotations: {breakwater.io/timeout-connect: soon}
          spec:
            ingressClassName: breakwater
            rules:
              - host: shop%d.example.com
                http:
                  paths:
                    - {path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
          """
              .formatted(i, i));
    }
    new TestCluster(client).apply(yaml.toString());
  }

  private void sync() throws Exception {
    ClusterSnapshot s = new TestCluster(client).snapshot();
    recorder.onSync(s, TestCluster.translate(s), Outcome.FULL, Duration.ofMillis(3), -1, null);
    recorder.flush().get(10, TimeUnit.SECONDS);
  }

  private List<Event> events() {
    return client.v1().events().inNamespace("shop").list().getItems();
  }
}
