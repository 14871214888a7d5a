package io.breakwater.controller.translate;

/** How bad a {@link Problem} is. Both become Kubernetes Events of type Warning. */
public enum Severity {
  /**
   * Something the object asks for is not applied as written: an invalid value, a missing reference,
   * a conflict it lost.
   */
  ERROR("Error"),
  /**
   * Applied, or harmlessly ignored, but worth knowing: a value another object overrides, a feature
   * the dataplane does not support yet, an unknown annotation.
   */
  WARNING("Warning");

  private final String displayName;

  Severity(String displayName) {
    this.displayName = displayName;
  }

  /** {@code Error} or {@code Warning}. */
  public String displayName() {
    return displayName;
  }
}
