package io.breakwater.controller.translate.annotation;

import io.breakwater.dataplane.config.BackendProtocol;
import io.breakwater.dataplane.config.BackendTls;
import java.util.List;

/**
 * {@code breakwater.io/backend-protocol}: what the dataplane speaks to the pods. {@code https} and
 * {@code h2} do not verify the pods' certificates (as ingress-nginx's {@code HTTPS} and {@code
 * GRPCS}): pods rarely hold certificates a cluster-wide CA signed for their addresses.
 */
public final class BackendProtocolAnnotation extends Annotation<String> {

  static final BackendProtocolAnnotation INSTANCE = new BackendProtocolAnnotation();

  /** TLS to pods without verification: encrypted, not authenticated. */
  static final BackendTls UNVERIFIED =
      new BackendTls(
          null,
          null,
          false,
          null,
          null,
          BackendTls.DEFAULT.protocols(),
          BackendTls.DEFAULT.ciphers());

  private BackendProtocolAnnotation() {
    super(
        "backend-protocol",
        Scope.BOTH,
        Target.BACKEND,
        "`http`, `h2c`, `https` or `h2`",
        "`http`",
        "Protocol to the pods: `http` (HTTP/1.1), `h2c` (cleartext HTTP/2, e.g. gRPC), `https`"
            + " (HTTP/1.1 over TLS) or `h2` (HTTP/2 over TLS). TLS to pods is encrypted but the"
            + " pods' certificates are not verified, as in ingress-nginx; health checks follow"
            + " the protocol.");
  }

  @Override
  protected String parseTrimmed(String text) {
    return Values.oneOf(text, List.of("http", "h2c", "https", "h2"));
  }

  @Override
  public void apply(String value, BackendDraft draft) {
    switch (value) {
      case "h2c" -> draft.protocol(BackendProtocol.H2C, null);
      case "https" -> draft.protocol(BackendProtocol.HTTP1, UNVERIFIED);
      case "h2" -> draft.protocol(BackendProtocol.H2, UNVERIFIED);
      default -> draft.protocol(BackendProtocol.HTTP1, null);
    }
  }
}
