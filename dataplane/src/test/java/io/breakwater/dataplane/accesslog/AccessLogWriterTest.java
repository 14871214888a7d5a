package io.breakwater.dataplane.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.breakwater.dataplane.config.AccessLog;
import io.breakwater.dataplane.config.AccessLog.Format;
import io.breakwater.dataplane.config.AccessLog.Target;
import io.breakwater.dataplane.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AccessLogWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void asciiLinesAreCopiedAsIsAndOthersEncodedAsUtf8InOrder() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    QueuedWriter w = QueuedWriter.start(out, true, Format.HAPROXY, 16);
    AccessRecord ok = Records.numbered(1);
    AccessRecord accented =
        new AccessRecord(
            ok.startMillis(),
            ok.clientIp(),
            ok.clientPort(),
            "w\u00e9b",
            ok.backend(),
            ok.server(),
            ok.method(),
            "/2",
            ok.protocol(),
            ok.status(),
            ok.bytesIn(),
            ok.bytesOut(),
            ok.timers(),
            ok.retries(),
            ok.termination());
    assertThat(w.log(ok)).isTrue();
    assertThat(w.log(accented)).isTrue();
    assertThat(w.log(Records.numbered(3))).isTrue();
    w.close();
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).contains(" web ").contains("\"GET /1 HTTP/1.1\"");
    assertThat(lines[1]).contains(" w\u00e9b ").contains("\"GET /2 HTTP/1.1\"");
    assertThat(lines[2]).contains(" web ").contains("\"GET /3 HTTP/1.1\"");
    assertThat(w.written()).isEqualTo(3);
  }

  @Test
  void aBlockedSinkNeitherBlocksLogNorLosesCountOfWhatDidNotFit() throws Exception {
    BlockingSink sink = new BlockingSink();
    QueuedWriter w = QueuedWriter.start(sink, true, Format.JSON, 100);
    assertThat(w.log(Records.numbered(0))).isTrue();
    sink.awaitBlocked(); // the writer holds record 0 and waits on the sink; the queue is empty

    long began = System.nanoTime();
    int accepted = 0;
    for (int i = 1; i <= 250; i++) {
      if (w.log(Records.numbered(i))) {
        accepted++;
      }
    }
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);

    assertThat(tookMillis).as("250 log calls against a blocked sink").isLessThan(2_000);
    assertThat(accepted).as("the buffer's worth").isEqualTo(100);
    assertThat(w.dropped()).isEqualTo(150);
    assertThat(w.written()).isZero();

    sink.release();
    w.close();
    assertThat(w.written()).isEqualTo(101);
    assertThat(w.failed()).isZero();
    assertThat(sink.closed()).isTrue();
    List<String> uris = new ArrayList<>();
    for (String line : sink.lines()) {
      uris.add(JSON.readTree(line).get("uri").asText());
    }
    assertThat(uris).hasSize(101).first().isEqualTo("/0");
    assertThat(uris).last().isEqualTo("/100");
  }

  @Test
  void closeWritesWhatIsQueued() throws Exception {
    BlockingSink sink = new BlockingSink();
    QueuedWriter w = QueuedWriter.start(sink, true, Format.HAPROXY, 1_000);
    w.log(Records.numbered(0));
    sink.awaitBlocked();
    for (int i = 1; i < 500; i++) {
      assertThat(w.log(Records.numbered(i))).isTrue();
    }
    Thread closer = new Thread(w::close);
    closer.start();
    sink.release();
    closer.join(10_000);
    assertThat(closer.isAlive()).isFalse();
    assertThat(w.written()).isEqualTo(500);
    assertThat(sink.lines())
        .hasSize(500)
        .allMatch(l -> LineFormatTest.HAPROXY.matcher(l).matches());
    assertThat(w.log(Records.numbered(500))).as("closed").isFalse();
    assertThat(w.dropped()).isEqualTo(1);
  }

  @Test
  void closeGivesUpOnASinkThatNeverTakesTheLines() throws Exception {
    BlockingSink sink = new BlockingSink();
    QueuedWriter w = QueuedWriter.start(sink, true, Format.JSON, 100);
    w.log(Records.numbered(0));
    sink.awaitBlocked();
    for (int i = 1; i <= 5; i++) {
      w.log(Records.numbered(i));
    }
    long began = System.nanoTime();
    w.close(50);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began)).isLessThan(5_000);
    Await.until(() -> w.failed() == 6); // the interrupted write and the five behind it
    assertThat(w.written()).isZero();
  }

  @Test
  void aFloodFromSeveralThreadsLosesNothingWhenTheBufferIsLargeEnough() throws Exception {
    int threads = 4;
    int each = 5_000;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    QueuedWriter w = QueuedWriter.start(out, true, Format.JSON, threads * each);
    AtomicInteger refused = new AtomicInteger();
    flood(w, threads, each, refused);
    w.close();
    assertThat(refused).hasValue(0);
    assertThat(w.dropped()).isZero();
    assertThat(w.written()).isEqualTo(threads * each);
    Set<String> uris = new HashSet<>();
    for (String line : out.toString(StandardCharsets.UTF_8).lines().toList()) {
      uris.add(JSON.readTree(line).get("uri").asText());
    }
    assertThat(uris).hasSize(threads * each);
  }

  @Test
  void aFloodIntoASmallBufferWritesEveryAcceptedLineAndCountsTheRest() throws Exception {
    int threads = 4;
    int each = 20_000;
    CountingSink out = new CountingSink();
    QueuedWriter w = QueuedWriter.start(out, true, Format.HAPROXY, 16);
    AtomicInteger refused = new AtomicInteger();
    flood(w, threads, each, refused);
    w.close();
    assertThat(w.dropped()).isEqualTo(refused.get());
    assertThat(w.written()).isEqualTo(threads * each - refused.get()).isEqualTo(out.lines);
  }

  private static void flood(AccessLogWriter w, int threads, int each, AtomicInteger refused)
      throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t * each;
      Thread th =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < each; i++) {
                  if (!w.log(Records.numbered(base + i))) {
                    refused.incrementAndGet();
                  }
                }
              });
      th.start();
      started.add(th);
    }
    start.countDown();
    for (Thread th : started) {
      th.join(30_000);
      assertThat(th.isAlive()).isFalse();
    }
  }

  @Test
  void aFailingSinkCountsLostLinesAndRecovers() throws Exception {
    FlakySink sink = new FlakySink();
    QueuedWriter w = QueuedWriter.start(sink, true, Format.JSON, 100);
    sink.failing = true;
    w.log(Records.numbered(0));
    Await.until(() -> w.failed() == 1);
    sink.failing = false;
    w.log(Records.numbered(1));
    Await.until(() -> w.written() == 1);
    w.close();
    assertThat(sink.out.toString(StandardCharsets.UTF_8))
        .contains("\"/1\"")
        .doesNotContain("\"/0\"");
  }

  @Test
  void fileTargetCreatesTheFileThenAppends() throws Exception {
    Path file = dir.resolve("access.log");
    AccessLog config = new AccessLog(Target.FILE, file.toString(), Format.HAPROXY, 10);
    try (AccessLogWriter w = AccessLogWriter.open(config)) {
      assertThat(w.enabled()).isTrue();
      w.log(Records.numbered(1));
      w.log(Records.numbered(2));
    }
    try (AccessLogWriter w = AccessLogWriter.open(config)) {
      w.log(Records.numbered(3));
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).contains("\"GET /1 HTTP/1.1\"");
    assertThat(lines.get(2)).contains("\"GET /3 HTTP/1.1\"");
  }

  @Test
  void aFileThatCannotBeOpenedIsAClearError() {
    Path file = dir.resolve("missing-dir").resolve("access.log");
    AccessLog config = new AccessLog(Target.FILE, file.toString(), Format.JSON, 10);
    assertThatThrownBy(() -> AccessLogWriter.open(config))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("global.accessLog.file: cannot open " + file)
        .hasMessageContaining("no such directory");
  }

  @Test
  void aDirectoryIsNotALogFile() {
    AccessLog config = new AccessLog(Target.FILE, dir.toString(), Format.JSON, 10);
    assertThatThrownBy(() -> AccessLogWriter.open(config))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("global.accessLog.file: cannot open " + dir);
  }

  @Test
  void fileTargetNeedsAFile() {
    AccessLog config = new AccessLog(Target.FILE, null, Format.JSON, 10);
    assertThatThrownBy(() -> AccessLogWriter.open(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("global.accessLog.file: null (expected: a path when target is file)");
  }

  @Test
  void stdoutTargetWritesToSystemOutAndLeavesItOpen() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream fake = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(fake);
    try {
      try (AccessLogWriter w =
          AccessLogWriter.open(new AccessLog(Target.STDOUT, null, Format.JSON, 10))) {
        w.log(Records.numbered(7));
      }
      fake.println("still open");
      assertThat(fake.checkError()).isFalse();
    } finally {
      System.setOut(original);
    }
    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(JSON.readTree(lines.get(0)).get("uri").asText()).isEqualTo("/7");
  }

  @Test
  void offWritesNothingAndSaysSo() throws Exception {
    try (AccessLogWriter w = AccessLogWriter.open(AccessLog.OFF)) {
      assertThat(w.enabled()).isFalse();
      assertThat(w.log(Records.numbered(1))).isTrue();
      assertThat(w.written()).isZero();
      assertThat(w.dropped()).isZero();
    }
  }

  /** Counts lines without keeping them. */
  private static final class CountingSink extends OutputStream {
    volatile long lines;

    @Override
    public void write(int b) {
      if (b == '\n') {
        lines++;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      long n = 0;
      for (int i = off; i < off + len; i++) {
        if (b[i] == '\n') {
          n++;
        }
      }
      lines += n; // only the writer thread writes
    }
  }

  /** Throws while {@link #failing}. */
  private static final class FlakySink extends OutputStream {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    volatile boolean failing;

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      if (failing) {
        throw new IOException("disk full");
      }
      out.write(b, off, len);
    }
  }
}
