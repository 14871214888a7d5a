package io.breakwater.dataplane.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.Retries;
import io.breakwater.dataplane.config.Retries.On;
import io.breakwater.dataplane.resilience.AttemptFacts.Body;
import io.breakwater.dataplane.resilience.AttemptFacts.Failure;
import io.breakwater.dataplane.resilience.RetryDecision.Reason;
import io.netty.util.concurrent.Ticker;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RetryRulesTest {

  /** A GET whose connection failed, with another server to go to: retried elsewhere. */
  private static final AttemptFacts CONNECT_FAILED =
      new AttemptFacts(Failure.CONNECT_FAILED, 0, false, false, Body.NONE, true, 0, true);

  private static final Retries ALL =
      policy(3, Set.of(On.values()), Set.of(500, 502, 503, 504), true, false);

  static Retries policy(
      int attempts, Set<On> on, Set<Integer> statuses, boolean redispatch, boolean nonIdempotent) {
    Retries d = Retries.DEFAULT;
    return new Retries(
        attempts,
        on,
        statuses,
        redispatch,
        d.perTryTimeout(),
        d.backoff(),
        d.bufferLimit(),
        nonIdempotent,
        d.budget());
  }

  static AttemptFacts sent(Failure failure, int status, Body body, boolean idempotent) {
    return new AttemptFacts(failure, status, true, false, body, idempotent, 0, true);
  }

  record Row(String rule, AttemptFacts facts, Retries policy, Reason expected) {
    @Override
    public String toString() {
      return rule;
    }
  }

  static Stream<Row> rules() {
    AttemptFacts f = CONNECT_FAILED;
    return Stream.of(
        new Row("connect failure: retried elsewhere", f, Retries.DEFAULT, Reason.OTHER_SERVER),
        new Row(
            "no other eligible server: the same one",
            new AttemptFacts(Failure.CONNECT_FAILED, 0, false, false, Body.NONE, true, 0, false),
            Retries.DEFAULT,
            Reason.SAME_SERVER),
        new Row(
            "redispatch off: the same server",
            f,
            policy(3, Set.of(On.CONN_FAILURE), Set.of(), false, false),
            Reason.SAME_SERVER),
        new Row(
            "never once a response byte reached the client",
            new AttemptFacts(Failure.STATUS, 503, true, true, Body.NONE, true, 0, true),
            ALL,
            Reason.RESPONSE_STARTED),
        new Row(
            "failure kind not in retry-on",
            sent(Failure.EMPTY_RESPONSE, 0, Body.NONE, true),
            Retries.DEFAULT,
            Reason.NOT_ENABLED),
        new Row(
            "failure kind in retry-on",
            sent(Failure.RESPONSE_TIMEOUT, 0, Body.NONE, true),
            ALL,
            Reason.OTHER_SERVER),
        new Row(
            "status in statuses",
            sent(Failure.STATUS, 503, Body.NONE, true),
            ALL,
            Reason.OTHER_SERVER),
        new Row(
            "status not in statuses",
            sent(Failure.STATUS, 501, Body.NONE, true),
            ALL,
            Reason.NOT_ENABLED),
        new Row(
            "body not held: never, even unsent",
            new AttemptFacts(Failure.CONNECT_FAILED, 0, false, false, Body.NOT_HELD, true, 0, true),
            ALL,
            Reason.BODY_NOT_HELD),
        new Row(
            "held body is replayed",
            sent(Failure.EMPTY_RESPONSE, 0, Body.HELD, true),
            ALL,
            Reason.OTHER_SERVER),
        new Row(
            "non-idempotent, never sent",
            new AttemptFacts(Failure.CONNECT_FAILED, 0, false, false, Body.HELD, false, 0, true),
            Retries.DEFAULT,
            Reason.OTHER_SERVER),
        new Row(
            "non-idempotent, sent",
            sent(Failure.EMPTY_RESPONSE, 0, Body.HELD, false),
            ALL,
            Reason.NOT_IDEMPOTENT),
        new Row(
            "non-idempotent, sent, replay allowed",
            sent(Failure.EMPTY_RESPONSE, 0, Body.HELD, false),
            policy(3, Set.of(On.values()), Set.of(), true, true),
            Reason.OTHER_SERVER),
        new Row(
            "attempts used up",
            new AttemptFacts(Failure.CONNECT_FAILED, 0, false, false, Body.NONE, true, 3, true),
            Retries.DEFAULT,
            Reason.ATTEMPTS_EXHAUSTED),
        new Row(
            "last attempt left",
            new AttemptFacts(Failure.CONNECT_FAILED, 0, false, false, Body.NONE, true, 2, true),
            Retries.DEFAULT,
            Reason.OTHER_SERVER),
        new Row(
            "attempts 0 disables retries",
            f,
            policy(0, Set.of(On.CONN_FAILURE), Set.of(), true, false),
            Reason.ATTEMPTS_EXHAUSTED));
  }

  @ParameterizedTest
  @MethodSource("rules")
  void decidesByTheReplaySafetyRule(Row row) {
    RetryDecision d = RetryRules.decide(row.facts, row.policy);
    assertThat(d.reason()).isEqualTo(row.expected);
    assertThat(d.retry())
        .isEqualTo(row.expected == Reason.SAME_SERVER || row.expected == Reason.OTHER_SERVER);
    assertThat(d.redispatch()).isEqualTo(row.expected == Reason.OTHER_SERVER);
  }

  @Test
  void budgetIsChargedOnlyForAllowedRetries() {
    RetryBudget budget =
        new RetryBudget(new Retries.Budget(0, 1, Duration.ofSeconds(1)), Ticker.newMockTicker());
    AttemptFacts refused = sent(Failure.EMPTY_RESPONSE, 0, Body.NONE, true);
    assertThat(RetryRules.decide(refused, Retries.DEFAULT, budget).reason())
        .isEqualTo(Reason.NOT_ENABLED);
    assertThat(RetryRules.decide(CONNECT_FAILED, Retries.DEFAULT, budget).reason())
        .isEqualTo(Reason.OTHER_SERVER);
    assertThat(RetryRules.decide(CONNECT_FAILED, Retries.DEFAULT, budget))
        .isEqualTo(new RetryDecision(false, false, Reason.BUDGET_EXHAUSTED));
    assertThat(budget.allowed()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "GET, true",
    "HEAD, true",
    "OPTIONS, true",
    "TRACE, true",
    "PUT, true",
    "DELETE, true",
    "POST, false",
    "PATCH, false",
    "CONNECT, false",
    "get, false",
    "PROPFIND, false"
  })
  void idempotentMethodsPerRfc9110(String method, boolean idempotent) {
    assertThat(RetryRules.idempotent(method)).isEqualTo(idempotent);
  }

  @Test
  void noMethodIsNotIdempotent() {
    assertThat(RetryRules.idempotent(null)).isFalse();
  }
}
