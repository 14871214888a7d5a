package io.breakwater.dataplane.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.TrafficPolicy;
import org.junit.jupiter.api.Test;

class RedirectsTest {

  private static TrafficPolicy.Redirect redirect(
      String scheme, String host, Integer port, String path) {
    return new TrafficPolicy.Redirect(true, scheme, host, port, path, 301);
  }

  @Test
  void sslRedirectKeepsHostPathAndQueryAndDropsThePort() {
    assertThat(Redirects.https("example.com:8080", "/a?b=1"))
        .isEqualTo("https://example.com/a?b=1");
    assertThat(Redirects.https("[::1]:8080", "/")).isEqualTo("https://[::1]/");
  }

  @Test
  void partsNotGivenAreTheRequests() {
    assertThat(
            Redirects.location(
                redirect(null, "new.example.com", null, null), "http", "old:8080", "/p?q"))
        .isEqualTo("http://new.example.com:8080/p?q");
    assertThat(Redirects.location(redirect("https", null, null, null), "http", "old:8080", "/p"))
        .as("a new scheme takes its default port")
        .isEqualTo("https://old/p");
    assertThat(Redirects.location(redirect("https", "n", 8443, "/x"), "http", "old", "/p?q"))
        .isEqualTo("https://n:8443/x?q");
    assertThat(Redirects.location(redirect(null, null, null, "/moved"), "http", "h:80", "/p"))
        .isEqualTo("http://h/moved");
  }
}
