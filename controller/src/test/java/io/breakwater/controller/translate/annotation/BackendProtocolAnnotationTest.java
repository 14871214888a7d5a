package io.breakwater.controller.translate.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.BackendProtocol;
import io.breakwater.dataplane.config.Defaults;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BackendProtocolAnnotationTest extends AnnotationTestCase<String> {

  @Override
  Annotation<String> annotation() {
    return Annotations.BACKEND_PROTOCOL;
  }

  @Override
  Stream<Row<String>> rows() {
    return Stream.of(
        valid("http", "http"),
        valid("h2c", "h2c"),
        valid("https", "https"),
        valid("h2", "h2"),
        invalid("HTTPS", "did you mean \"https\"?"),
        invalid("grpc", "expected: one of http, h2c, https, h2"));
  }

  private static Backend built(String value) {
    BackendDraft draft = new BackendDraft(Defaults.DEFAULT);
    Annotations.BACKEND_PROTOCOL.apply(value, draft);
    return draft.build("b", Map.of());
  }

  @Test
  void eachValueSetsTheBackendsProtocolAndTls() {
    assertThat(built("http").protocol()).isEqualTo(BackendProtocol.HTTP1);
    assertThat(built("http").tls()).isNull();
    assertThat(built("h2c").protocol()).isEqualTo(BackendProtocol.H2C);
    assertThat(built("h2c").tls()).isNull();
    assertThat(built("https").protocol()).isEqualTo(BackendProtocol.HTTP1);
    assertThat(built("https").tls().verify()).isFalse();
    assertThat(built("h2").protocol()).isEqualTo(BackendProtocol.H2);
    assertThat(built("h2").tls().verify()).isFalse();
  }
}
