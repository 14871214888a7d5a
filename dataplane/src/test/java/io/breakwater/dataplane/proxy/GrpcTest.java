package io.breakwater.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.stats.ProxyErrorKind;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class GrpcTest {

  @ParameterizedTest
  @CsvSource({
    "1H, 3600000000000",
    "2M, 120000000000",
    "3S, 3000000000",
    "250m, 250000000",
    "7u, 7000",
    "9n, 9",
    "00000001S, 1000000000",
    "99999999H, 9223372036854775807"
  })
  void aGrpcTimeoutIsReadInItsUnit(String value, long nanos) {
    assertThat(Grpc.timeoutNanos(value)).isEqualTo(nanos);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "S", "10", "10s", "1.5S", "-1S", "123456789S", " 1S"})
  void aMissingOrMalformedGrpcTimeoutIsNoDeadline(String value) {
    assertThat(Grpc.timeoutNanos(value)).isEqualTo(-1);
  }

  @ParameterizedTest
  @CsvSource({
    "400, 13", "401, 16", "403, 7", "404, 12", "429, 14", "502, 14", "503, 14", "504, 14", "408, 2",
    "413, 2"
  })
  void proxyStatusesMapToGrpcStatusesAsGrpcSpecifies(int http, int grpc) {
    assertThat(Grpc.statusFor(http)).isEqualTo(grpc);
  }

  @ParameterizedTest
  @CsvSource({
    "application/grpc, true",
    "application/grpc+proto, true",
    "Application/GRPC;charset=utf-8, true",
    "application/grpc-web, false",
    "application/json, false"
  })
  void grpcIsRecognisedByContentType(String contentType, boolean grpc) {
    HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/s/M");
    req.headers().set("content-type", contentType);
    assertThat(Grpc.isGrpc(req)).isEqualTo(grpc);
  }

  @ParameterizedTest
  @ValueSource(ints = {Grpc.UNAVAILABLE, Grpc.DEADLINE_EXCEEDED})
  void aProxyAnswerIsTrailersOnlyWithStatusAndPrintableMessage(int status) {
    FullHttpResponse res =
        Grpc.trailersOnly(ByteBufAllocator.DEFAULT, status, ProxyErrorKind.NO_SERVER, 503);
    try {
      assertThat(res.status().code()).isEqualTo(200);
      assertThat(res.content().readableBytes()).isZero();
      assertThat(res.headers().get("content-type")).isEqualTo("application/grpc");
      assertThat(res.headers().getInt("grpc-status")).isEqualTo(status);
      assertThat(res.headers().get("grpc-message"))
          .isEqualTo(
              status == Grpc.DEADLINE_EXCEEDED
                  ? "deadline exceeded at the proxy"
                  : "503 Service Unavailable: no server is available.");
    } finally {
      res.release();
    }
  }
}
