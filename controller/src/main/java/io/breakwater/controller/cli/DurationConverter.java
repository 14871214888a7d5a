package io.breakwater.controller.cli;

import io.breakwater.dataplane.config.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A duration as the config file writes it: {@code 250ms}, {@code 5s}, {@code 1m}. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (RuntimeException e) {
      throw new TypeConversionException(
          "'" + value + "' (expected: a duration such as 250ms, 5s or 1m)");
    }
  }
}
