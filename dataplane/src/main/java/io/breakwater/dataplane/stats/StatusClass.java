package io.breakwater.dataplane.stats;

/** HTTP status classes as HAProxy counts them ({@code hrsp_1xx} … {@code hrsp_other}). */
public enum StatusClass {
  C1XX,
  C2XX,
  C3XX,
  C4XX,
  C5XX,
  OTHER;

  private static final StatusClass[] BY_HUNDREDS = {OTHER, C1XX, C2XX, C3XX, C4XX, C5XX};

  /** The class of a status code. */
  public static StatusClass of(int status) {
    int h = status / 100;
    return h >= 1 && h <= 5 ? BY_HUNDREDS[h] : OTHER;
  }
}
