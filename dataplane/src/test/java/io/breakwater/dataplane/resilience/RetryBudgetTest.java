package io.breakwater.dataplane.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.dataplane.config.Retries;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RetryBudgetTest {

  private final MockTicker ticker = Ticker.newMockTicker();

  @Test
  void aFloodOfFailingRequestsRetriesWithinTheBudget() {
    Retries.Budget policy = Retries.Budget.DEFAULT; // 0.2 per request + 10/s over 10s
    RetryBudget budget = new RetryBudget(policy, ticker);
    long requests = 0;
    for (int step = 0; step < 6_000; step++) { // 60s at 1,000 failing requests per second
      for (int r = 0; r < 10; r++) {
        budget.onRequest();
        requests++;
        for (int retry = 0; retry < 3 && budget.tryAcquireRetry(); retry++) {
          double bound = 0.2 * budget.requestsInWindow() + 10 * 10;
          assertThat((double) budget.retriesInWindow()).isLessThanOrEqualTo(bound);
        }
      }
      ticker.advance(10, TimeUnit.MILLISECONDS);
    }
    double bound = 0.2 * budget.requestsInWindow() + 100;
    assertThat((double) budget.retriesInWindow())
        .as("the budget is used")
        .isGreaterThan(0.9 * bound);
    assertThat(budget.allowed() + budget.denied()).isGreaterThan(requests);
    // Over the whole minute: a window's worth of floor and ratio per window, at most.
    assertThat((double) budget.allowed()).isLessThanOrEqualTo(0.2 * requests + 10 * 60 + 100);
  }

  @Test
  void minimumPerSecondAllowsRetriesWithoutRequests() {
    RetryBudget budget =
        new RetryBudget(new Retries.Budget(0.2, 10, Duration.ofSeconds(10)), ticker);
    for (int i = 0; i < 100; i++) {
      assertThat(budget.tryAcquireRetry()).as("retry %d", i).isTrue();
    }
    assertThat(budget.tryAcquireRetry()).isFalse();
    assertThat(budget.allowed()).isEqualTo(100);
    assertThat(budget.denied()).isEqualTo(1);
    ticker.advance(10, TimeUnit.SECONDS);
    assertThat(budget.tryAcquireRetry()).as("the window moved on").isTrue();
  }

  @Test
  void ratioCountsWholeRetries() {
    RetryBudget budget = new RetryBudget(new Retries.Budget(0.5, 0, Duration.ofSeconds(1)), ticker);
    for (int i = 0; i < 3; i++) {
      budget.onRequest();
    }
    assertThat(budget.tryAcquireRetry()).isTrue();
    assertThat(budget.tryAcquireRetry()).as("2 retries > 0.5 × 3 requests").isFalse();
    budget.onRequest();
    assertThat(budget.tryAcquireRetry()).isTrue();
    assertThat(budget.retriesInWindow()).isEqualTo(2);
  }

  @Test
  void requestsLeaveTheWindow() {
    RetryBudget budget = new RetryBudget(new Retries.Budget(1, 0, Duration.ofSeconds(10)), ticker);
    budget.onRequest();
    ticker.advance(9_999, TimeUnit.MILLISECONDS);
    assertThat(budget.requestsInWindow()).isEqualTo(1);
    ticker.advance(1, TimeUnit.MILLISECONDS);
    assertThat(budget.requestsInWindow()).isZero();
    assertThat(budget.tryAcquireRetry()).isFalse();
  }

  @Test
  @Timeout(10)
  void racingCallersNeverOverspend() throws InterruptedException {
    RetryBudget budget = new RetryBudget(new Retries.Budget(0, 100, Duration.ofSeconds(1)), ticker);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread w =
          new Thread(
              () -> {
                for (int i = 0; i < 10_000; i++) {
                  budget.tryAcquireRetry();
                }
              });
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    assertThat(budget.allowed()).isEqualTo(100);
    assertThat(budget.retriesInWindow()).isEqualTo(100);
    assertThat(budget.denied()).isEqualTo(40_000 - 100);
  }

  @Test
  void rejectsARatioAboveOne() {
    assertThatThrownBy(
            () -> new RetryBudget(new Retries.Budget(1.5, 10, Duration.ofSeconds(10)), ticker))
        .hasMessage("ratio: 1.5 (expected: 0..1)");
  }
}
