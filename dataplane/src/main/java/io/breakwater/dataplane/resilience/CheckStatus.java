package io.breakwater.dataplane.resilience;

/**
 * The result code of a health check, as HAProxy's {@code check_status} stats column shows it. Each
 * code either passes or fails a check; {@link #INI} is only the state before the first check and
 * {@link #HANA} only the failure passive observation injects.
 */
public enum CheckStatus {
  INI("Initializing", false),
  SOCKERR("Socket error", false),
  L4OK("Layer4 check passed", true),
  L4TOUT("Layer4 timeout", false),
  L4CON("Layer4 connection problem", false),
  L6OK("Layer6 check passed", true),
  L6TOUT("Layer6 timeout", false),
  L6RSP("Layer6 invalid response", false),
  L7OK("Layer7 check passed", true),
  L7TOUT("Layer7 timeout", false),
  L7RSP("Layer7 invalid response", false),
  L7STS("Layer7 wrong status", false),
  HANA("Health analyze", false);

  private final String description;
  private final boolean passed;

  CheckStatus(String description, boolean passed) {
    this.description = description;
    this.passed = passed;
  }

  /** HAProxy's wording, e.g. "Layer4 connection problem". */
  public String description() {
    return description;
  }

  /** Whether a check with this result counts as passed. */
  public boolean passed() {
    return passed;
  }
}
