package io.breakwater.dataplane.accesslog;

/** {@code target: off}: accepts everything, writes nothing, counts nothing. */
final class DisabledWriter implements AccessLogWriter {
  static final DisabledWriter INSTANCE = new DisabledWriter();

  private DisabledWriter() {}

  @Override
  public boolean enabled() {
    return false;
  }

  @Override
  public boolean log(AccessRecord r) {
    return true;
  }

  @Override
  public long written() {
    return 0;
  }

  @Override
  public long dropped() {
    return 0;
  }

  @Override
  public long failed() {
    return 0;
  }

  @Override
  public void close() {}
}
