package io.breakwater.dataplane.runtime;

import static io.breakwater.dataplane.config.AccessLevel.OPERATOR;
import static io.breakwater.dataplane.config.AccessLevel.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.testing.RawHttp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands from several clients while the proxy carries traffic: no error, no failed request. */
class RuntimeApiLoadIT {
  private static final int CLIENTS = 4;
  private static final int COMMANDS_PER_CLIENT = 40;

  @TempDir Path dir;
  private RuntimeFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new RuntimeFixture(dir);
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  @Test
  void weightChangesAndStatsWhileRequestsFlow() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger served = new AtomicInteger();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    try {
      Future<?> load =
          pool.submit(
              () -> {
                try (RawHttp c = RawHttp.connect(f.httpPort())) {
                  while (!done.get()) {
                    int status = c.get("/", "t").status();
                    if (status != 200) {
                      problems.add("request answered " + status);
                    }
                    served.incrementAndGet();
                  }
                } catch (Exception e) {
                  problems.add("request failed: " + e);
                }
                return null;
              });
      List<Future<?>> clients = new ArrayList<>();
      for (int t = 0; t < CLIENTS; t++) {
        int client = t;
        clients.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < COMMANDS_PER_CLIENT; i++) {
                    String server = client % 2 == 0 ? "a" : "b";
                    // Distinct values, none the initial 1: every command is a change.
                    int weight = 2 + client * COMMANDS_PER_CLIENT + i;
                    String out = f.run(OPERATOR, "set server app/" + server + " weight " + weight);
                    if (!out.isEmpty()) {
                      problems.add("set weight: " + out);
                    }
                    String stat = f.run(USER, "show stat");
                    if (!stat.startsWith("# pxname,svname,") || !stat.contains("\napp,BACKEND,")) {
                      problems.add("show stat: " + stat);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> c : clients) {
        c.get(2, TimeUnit.MINUTES);
      }
      done.set(true);
      load.get(1, TimeUnit.MINUTES);
    } finally {
      done.set(true);
      pool.shutdownNow();
    }
    assertThat(problems).isEmpty();
    assertThat(served.get()).isPositive();
    assertThat(f.dp.version()).isEqualTo(1 + (long) CLIENTS * COMMANDS_PER_CLIENT);
  }
}
