package io.breakwater.controller.sync;

import java.io.IOException;

/** The dataplane answered a change with an error instead of a new version. */
public class ApplyRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  public ApplyRefusedException(String message) {
    super(message);
  }
}
