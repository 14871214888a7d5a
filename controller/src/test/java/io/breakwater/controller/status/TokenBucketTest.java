package io.breakwater.controller.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The Event rate limit, on a clock the test moves. */
class TokenBucketTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T10:00:00Z"));

  @Test
  void aBurstThenOneTokenPerInterval() {
    TokenBucket bucket = new TokenBucket(clock, 3, 2);

    assertThat(bucket.tryAcquire()).isTrue();
    assertThat(bucket.tryAcquire()).isTrue();
    assertThat(bucket.tryAcquire()).isTrue();
    assertThat(bucket.tryAcquire()).isFalse();
    assertThat(bucket.millisToNext()).isEqualTo(500);

    clock.advance(Duration.ofMillis(500));
    assertThat(bucket.tryAcquire()).isTrue();
    assertThat(bucket.tryAcquire()).isFalse();

    clock.advance(Duration.ofHours(1)); // refills to the burst, not beyond
    assertThat(bucket.tryAcquire()).isTrue();
    assertThat(bucket.tryAcquire()).isTrue();
    assertThat(bucket.tryAcquire()).isTrue();
    assertThat(bucket.tryAcquire()).isFalse();
  }

  @Test
  void invalidSettingsAreRefused() {
    assertThatThrownBy(() -> new TokenBucket(clock, 0, 1))
        .hasMessageContaining("burst: 0")
        .hasMessageContaining("expected");
  }
}
