package io.breakwater.controller.sync;

/**
 * A version-checked {@code set config} found another version running: someone changed the config
 * since it was read. The loop reads it again and retries at once.
 */
public final class VersionConflictException extends ApplyRefusedException {
  private static final long serialVersionUID = 1L;

  public VersionConflictException(String message) {
    super(message);
  }
}
