package io.breakwater.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoopTimeTest {
  private final AtomicLong clock = new AtomicLong(1_000);
  private final Ticker ticker =
      new Ticker() {
        @Override
        public long initialNanoTime() {
          return 0;
        }

        @Override
        public long nanoTime() {
          return clock.get();
        }

        @Override
        public void sleep(long delay, TimeUnit unit) {
          clock.addAndGet(unit.toNanos(delay));
        }
      };

  @Test
  void aReadSharesTheTimeItStartedWithAndOutsideOneTheTickerAnswers() {
    LoopTime time = LoopTime.current();
    assertThat(time.now(ticker)).isEqualTo(1_000);

    time.enter(ticker);
    try {
      clock.set(5_000);
      assertThat(time.now(ticker)).as("within the read").isEqualTo(1_000);
      time.enter(ticker); // a read set off inside it keeps the outer read's time
      try {
        assertThat(time.now(ticker)).isEqualTo(1_000);
      } finally {
        time.exit();
      }
      assertThat(time.now(ticker)).isEqualTo(1_000);
    } finally {
      time.exit();
    }
    assertThat(time.now(ticker)).as("after the read").isEqualTo(5_000);

    time.enter(ticker);
    try {
      assertThat(time.now(ticker)).as("the next read takes the time anew").isEqualTo(5_000);
    } finally {
      time.exit();
    }
  }
}
