package io.breakwater.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The entry point samples Netty's leak detection more sparsely unless the JVM was told. */
class LeakSamplingDefaultTest {
  private static final String INTERVAL = "io.netty.leakDetection.samplingInterval";
  private static final String LEVEL = "io.netty.leakDetection.level";

  @Test
  void setsTheIntervalWhenTheJvmWasGivenNone() {
    Properties props = new Properties();
    Main.defaultLeakSampling(props);
    assertThat(props.getProperty(INTERVAL)).isEqualTo("4096");
  }

  @Test
  void keepsAnIntervalTheJvmWasGiven() {
    Properties props = new Properties();
    props.setProperty(INTERVAL, "1");
    Main.defaultLeakSampling(props);
    assertThat(props.getProperty(INTERVAL)).isEqualTo("1");
  }

  @Test
  void leavesTheLevelAlone() {
    Properties props = new Properties();
    props.setProperty(LEVEL, "paranoid");
    Main.defaultLeakSampling(props);
    assertThat(props.getProperty(LEVEL)).isEqualTo("paranoid");
    assertThat(props.stringPropertyNames()).containsExactlyInAnyOrder(LEVEL, INTERVAL);
  }
}
