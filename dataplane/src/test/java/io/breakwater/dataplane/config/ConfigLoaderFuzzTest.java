package io.breakwater.dataplane.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Arbitrary bytes as a config file: the loader answers with a {@link Config} or a {@link
 * ConfigException} whose every error names a path and says what is wrong; any other exception is a
 * bug. The seeds in {@code ConfigLoaderFuzzTestInputs/} run in every {@code make test} (and a short
 * fuzzing run where Jazzer fuzzes); {@code make fuzz} searches for longer.
 */
class ConfigLoaderFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void anyBytesGiveAConfigOrErrorsWithPaths(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    for (String source : new String[] {"fuzz.yaml", "fuzz.json"}) {
      try {
        Config config = ConfigLoader.parse(text, source);
        assertThat(config).isNotNull();
      } catch (ConfigException e) {
        assertThat(e.errors()).isNotEmpty();
        for (ConfigError error : e.errors()) {
          assertThat(error.message()).isNotBlank();
        }
        assertThat(e.getMessage()).isNotBlank();
      }
    }
  }
}
