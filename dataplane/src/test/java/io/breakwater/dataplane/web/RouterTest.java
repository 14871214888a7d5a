package io.breakwater.dataplane.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
  private static final Handler OK = r -> WebResponse.text(HttpResponseStatus.OK, "ok");

  private final Router router =
      Router.builder()
          .get("/stats", OK)
          .get("/stats;csv", OK)
          .get("/v1/backends/{backend}/servers", OK)
          .put("/v1/backends/{backend}/servers", OK)
          .patch("/v1/backends/{backend}/servers/{server}", OK)
          .build();

  @Test
  void literalPathsMatchExactly() {
    assertThat(router.match(HttpMethod.GET, "/stats")).isInstanceOf(Router.Found.class);
    assertThat(router.match(HttpMethod.GET, "/stats;csv")).isInstanceOf(Router.Found.class);
    assertThat(router.match(HttpMethod.GET, "/stats/")).isInstanceOf(Router.NotFound.class);
    assertThat(router.match(HttpMethod.GET, "/statsx")).isInstanceOf(Router.NotFound.class);
  }

  @Test
  void placeholdersTakeOneDecodedSegment() {
    Router.Match m = router.match(HttpMethod.PATCH, "/v1/backends/default%2Fweb%2F80/servers/p+1");
    assertThat(m).isInstanceOf(Router.Found.class);
    assertThat(((Router.Found) m).params())
        .isEqualTo(Map.of("backend", "default/web/80", "server", "p+1"));
    assertThat(
            ((Router.Found) router.match(HttpMethod.GET, "/v1/backends/caf%C3%A9/servers"))
                .params())
        .containsEntry("backend", "café");
    assertThat(router.match(HttpMethod.GET, "/v1/backends//servers"))
        .isInstanceOf(Router.NotFound.class);
    assertThat(router.match(HttpMethod.GET, "/v1/backends/a/b/servers"))
        .isInstanceOf(Router.NotFound.class);
  }

  @Test
  void aKnownPathWithAnotherMethodListsTheAllowedOnes() {
    Router.Match m = router.match(HttpMethod.DELETE, "/v1/backends/x/servers");
    assertThat(m).isInstanceOf(Router.MethodNotAllowed.class);
    assertThat(((Router.MethodNotAllowed) m).allowed())
        .containsExactly(HttpMethod.GET, HttpMethod.PUT);
  }

  @Test
  void badPercentEncodingIsRefused() {
    assertThatThrownBy(() -> router.match(HttpMethod.GET, "/v1/backends/%zz/servers"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> router.match(HttpMethod.GET, "/v1/backends/%2/servers"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
