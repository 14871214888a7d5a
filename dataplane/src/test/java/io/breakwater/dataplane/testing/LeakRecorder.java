package io.breakwater.dataplane.testing;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs a Netty leak-detector factory whose detectors remember every leak they report, before
 * any test loads a buffer class. {@link LeakCheckExtension} turns remembered leaks into failures.
 * Registered through {@code META-INF/services}, so every test run in either module has it.
 */
public final class LeakRecorder implements LauncherSessionListener {
  private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
  }

  /** Leaks reported since the last call, removed from the record. */
  static List<String> drain() {
    List<String> out = new ArrayList<>();
    String s;
    while ((s = LEAKS.poll()) != null) {
      out.add(s);
    }
    return out;
  }

  /**
   * A read buffer that Netty's io_uring transport allocated for a read and never handed to any
   * handler (no access record, no frame of ours): the transport dropped it when the channel closed
   * with the read in flight, a race in Netty itself (netty/netty#14539 and its successors fixed
   * others of its kind). No code of ours ever held it, so it is logged (above) but does not fail
   * the build; any buffer that reached a handler has access records and still fails it.
   */
  static boolean isTransportReadBuffer(String records) {
    int created = records.indexOf("Created at:");
    if (created < 0 || records.indexOf('#') >= 0 && records.indexOf('#') < created) {
      return false; // it was touched: a handler held it
    }
    String stack = records.substring(created);
    return stack.contains(
            "io.netty.channel.uring.AbstractIoUringStreamChannel$IoUringStreamUnsafe.scheduleRead")
        && !stack.contains("io.breakwater.");
  }

  private static final class RecordingFactory extends ResourceLeakDetectorFactory {
    @Override
    @SuppressWarnings("deprecation")
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(
        Class<T> resource, int samplingInterval, long maxActive) {
      return new RecordingDetector<>(resource, samplingInterval);
    }

    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(
        Class<T> resource, int samplingInterval) {
      return new RecordingDetector<>(resource, samplingInterval);
    }
  }

  private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
    RecordingDetector(Class<T> resource, int samplingInterval) {
      super(resource, samplingInterval);
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
      if (!isTransportReadBuffer(records)) {
        LEAKS.add(resourceType + " leaked:" + records);
      }
      super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
      LEAKS.add(resourceType + " leaked (no records)");
      super.reportUntracedLeak(resourceType);
    }
  }
}
