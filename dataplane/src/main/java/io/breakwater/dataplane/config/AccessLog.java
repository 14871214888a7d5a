package io.breakwater.dataplane.config;

import java.util.Locale;
import java.util.Objects;

/**
 * The access log: one line per request, written off the event loops; when the sink falls behind,
 * lines beyond {@code buffer} are dropped and counted, never waited for.
 *
 * @param target off, stdout, or file
 * @param file the file, for {@code target: file}
 * @param format {@code json} (one object per line) or {@code haproxy} (HAProxy's HTTP log format)
 * @param buffer lines that may wait for the writer (default 8192)
 */
public record AccessLog(Target target, String file, Format format, int buffer) {

  /** Where lines go. */
  public enum Target {
    OFF,
    STDOUT,
    FILE;

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Line formats. */
  public enum Format {
    JSON,
    HAPROXY;

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final int DEFAULT_BUFFER = 8192;
  public static final AccessLog OFF = new AccessLog(Target.OFF, null, Format.JSON, DEFAULT_BUFFER);

  public AccessLog {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(format, "format");
  }
}
