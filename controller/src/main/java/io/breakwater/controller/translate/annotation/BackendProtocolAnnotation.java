package io.breakwater.controller.translate.annotation;

import java.util.List;

/**
 * {@code breakwater.io/backend-protocol}: recognized, not supported (the dataplane speaks
 * HTTP/1.1).
 */
public final class BackendProtocolAnnotation extends Annotation<String> {

  static final BackendProtocolAnnotation INSTANCE = new BackendProtocolAnnotation();

  private BackendProtocolAnnotation() {
    super(
        "backend-protocol",
        Scope.BOTH,
        Target.NONE,
        "`http`, `h2c` or `https`",
        "`http`",
        "Protocol to the pods. The dataplane speaks HTTP/1.1 in clear to pods for now.");
  }

  @Override
  protected String parseTrimmed(String text) {
    return Values.oneOf(text, List.of("http", "h2c", "https"));
  }
}
