package io.breakwater.dataplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.web.Router;
import io.netty.handler.codec.http.HttpMethod;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The audit log covers exactly the REST routes that change state. */
class AuditedRoutesTest {

  @Test
  void everyWriteRouteIsAuditedAndNoReadRouteIs() {
    for (Router.Route r : RestApiServer.router(null, UnaryOperator.identity()).routes()) {
      boolean write = !r.method().equals(HttpMethod.GET) && !r.method().equals(HttpMethod.HEAD);
      assertThat(r.handler() instanceof AuditedHandler)
          .as("%s %s is audited", r.method(), r.pattern())
          .isEqualTo(write);
    }
  }
}
