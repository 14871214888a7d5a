package io.breakwater.controller.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.ConfigError;
import io.breakwater.dataplane.config.PathType;
import io.breakwater.dataplane.config.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConfigCheckTest {

  @Test
  void aRouteEqualToOneCheckedBeforeGetsTheSameAnswerWithoutValidatingAgain() {
    Route bad = new Route("bad host!", "/", PathType.PREFIX, "shop/web/80");
    List<ConfigError> first = ConfigCheck.route(bad);
    assertThat(first).isNotEmpty();
    assertThat(first.get(0).path()).startsWith("frontends[0].routes[0]");

    List<ConfigError> again =
        ConfigCheck.route(new Route("bad host!", "/", PathType.PREFIX, "shop/web/80"));
    assertThat(again).as("an equal route: remembered").isSameAs(first);
    assertThat(ConfigCheck.route(new Route("shop.example", "/", PathType.PREFIX, "shop/web/80")))
        .isEmpty();
  }

  @Test
  void theMemoAnswersAsTheFunctionDoesAndKeepsTwoGenerations() {
    AtomicInteger calls = new AtomicInteger();
    ConfigCheck.Memo<String> memo =
        new ConfigCheck.Memo<>(
            3,
            k -> {
              calls.incrementAndGet();
              List<ConfigError> out = new ArrayList<>();
              if (k.startsWith("bad")) {
                out.add(new ConfigError("x", k));
              }
              return out;
            });
    assertThat(memo.get("bad1")).containsExactly(new ConfigError("x", "bad1"));
    assertThat(memo.get("good")).isEmpty();
    assertThat(calls).hasValue(2);
    assertThat(memo.get("bad1")).containsExactly(new ConfigError("x", "bad1"));
    assertThat(calls).as("remembered").hasValue(2);

    memo.nextGeneration(); // a whole translation that asks for "good" only
    memo.get("good");
    assertThat(calls).as("the previous generation's answer").hasValue(2);
    memo.nextGeneration();
    assertThat(memo.size()).as("bad1 was not asked for: forgotten").isEqualTo(1);
    memo.get("bad1");
    assertThat(calls).hasValue(3);

    memo.get("a");
    memo.get("b"); // the generation is full now: bad1, a, b
    memo.get("good"); // from the previous generation, into a new one
    assertThat(calls).hasValue(5);
    assertThat(memo.size()).as("bad1, a and b before; good now").isEqualTo(4);
    memo.get("a");
    assertThat(calls).hasValue(5);
  }
}
