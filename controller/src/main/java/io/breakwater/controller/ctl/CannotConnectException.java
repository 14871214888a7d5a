package io.breakwater.controller.ctl;

import java.io.IOException;

/**
 * The Runtime API could not be reached at all: no socket file, nothing listening, permission
 * denied, unknown host, connect timeout. Other {@link IOException}s from {@link RuntimeClient} mean
 * the connection was made but the answer did not come.
 */
public final class CannotConnectException extends IOException {
  private static final long serialVersionUID = 1L;

  CannotConnectException(String message, Throwable cause) {
    super(message, cause);
  }
}
