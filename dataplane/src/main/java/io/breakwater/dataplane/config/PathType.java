package io.breakwater.dataplane.config;

/** Path match kinds of the Kubernetes Ingress API. */
public enum PathType {
  /** The whole path, case-sensitively. */
  EXACT("Exact"),
  /** Element-wise prefix: {@code /foo} matches {@code /foo}, {@code /foo/} and {@code /foo/bar}. */
  PREFIX("Prefix"),
  /** Breakwater treats it as {@link #PREFIX}. */
  IMPLEMENTATION_SPECIFIC("ImplementationSpecific");

  private final String configName;

  PathType(String configName) {
    this.configName = configName;
  }

  /** The spelling used in config files and in the Ingress API. */
  public String configName() {
    return configName;
  }

  /** The kind with this spelling, or {@code null}. */
  public static PathType fromConfigName(String s) {
    for (PathType t : values()) {
      if (t.configName.equals(s)) {
        return t;
      }
    }
    return null;
  }
}
