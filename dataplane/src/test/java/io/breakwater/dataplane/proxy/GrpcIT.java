package io.breakwater.dataplane.proxy;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.BackendPolicy;
import io.breakwater.dataplane.config.BackendProtocol;
import io.breakwater.dataplane.config.BackendTls;
import io.breakwater.dataplane.config.Balance;
import io.breakwater.dataplane.config.Tls;
import io.breakwater.dataplane.testing.TestCertificates;
import io.breakwater.dataplane.testing.TestCertificates.Issued;
import io.breakwater.dataplane.testing.TestConfig;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * gRPC end to end with grpc-java on both sides: a client speaking h2c or h2 over TLS to the
 * dataplane, an h2c gRPC server behind it. Unary, server and bidirectional streaming (messages flow
 * one at a time, so nothing may be buffered whole), trailers and trailers-only answers, deadlines,
 * and the proxy's own errors as gRPC statuses.
 */
class GrpcIT {
  private static final Issued CERT = TestCertificates.ec("grpc.example.com");
  private static final String SERVICE = "test.Echo";
  private static final Metadata.Key<String> TRAILER =
      Metadata.Key.of("x-trailer", Metadata.ASCII_STRING_MARSHALLER);

  /** Strings as UTF-8 messages: no protobuf needed. */
  private static final MethodDescriptor.Marshaller<String> TEXT =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
          return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
          try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
        }
      };

  private static MethodDescriptor<String, String> method(
      String name, MethodDescriptor.MethodType type) {
    return MethodDescriptor.<String, String>newBuilder()
        .setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
        .setRequestMarshaller(TEXT)
        .setResponseMarshaller(TEXT)
        .build();
  }

  private static final MethodDescriptor<String, String> UNARY =
      method("Unary", MethodDescriptor.MethodType.UNARY);
  private static final MethodDescriptor<String, String> FAIL =
      method("Fail", MethodDescriptor.MethodType.UNARY);
  private static final MethodDescriptor<String, String> HANG =
      method("Hang", MethodDescriptor.MethodType.UNARY);
  private static final MethodDescriptor<String, String> SERVER_STREAM =
      method("ServerStream", MethodDescriptor.MethodType.SERVER_STREAMING);
  private static final MethodDescriptor<String, String> BIDI =
      method("Bidi", MethodDescriptor.MethodType.BIDI_STREAMING);

  /** Released by the client each time it received a streamed message. */
  private final Semaphore clientReceived = new Semaphore(0);

  private final CountDownLatch hangCancelled = new CountDownLatch(1);
  private Server grpcServer;
  private Server tlsServer;
  private ServerServiceDefinition service;
  private Dataplane dp;
  private ManagedChannel channel;

  @BeforeEach
  void startServer() throws Exception {
    service =
        ServerServiceDefinition.builder(SERVICE)
            .addMethod(
                UNARY,
                ServerCalls.asyncUnaryCall(
                    (String req, StreamObserver<String> out) -> {
                      out.onNext("echo:" + req);
                      out.onCompleted();
                    }))
            .addMethod(
                FAIL,
                ServerCalls.asyncUnaryCall(
                    (String req, StreamObserver<String> out) -> {
                      Metadata trailers = new Metadata();
                      trailers.put(TRAILER, "t");
                      out.onError(
                          Status.NOT_FOUND
                              .withDescription("no such thing")
                              .asRuntimeException(trailers));
                    }))
            .addMethod(
                HANG,
                ServerCalls.asyncUnaryCall(
                    (String req, StreamObserver<String> out) ->
                        ((ServerCallStreamObserver<String>) out)
                            .setOnCancelHandler(hangCancelled::countDown)))
            .addMethod(
                SERVER_STREAM,
                ServerCalls.asyncServerStreamingCall(
                    (String req, StreamObserver<String> out) -> {
                      int n = Integer.parseInt(req);
                      for (int i = 0; i < n; i++) {
                        out.onNext("m" + i);
                        // The next message only once the client has this one: a proxy that
                        // buffered the response would stall here.
                        try {
                          if (i < n - 1 && !clientReceived.tryAcquire(10, TimeUnit.SECONDS)) {
                            out.onError(Status.ABORTED.withDescription("stalled").asException());
                            return;
                          }
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                          return;
                        }
                      }
                      out.onCompleted();
                    }))
            .addMethod(
                BIDI,
                ServerCalls.asyncBidiStreamingCall(
                    (StreamObserver<String> out) ->
                        new StreamObserver<String>() {
                          @Override
                          public void onNext(String value) {
                            out.onNext("re:" + value);
                          }

                          @Override
                          public void onError(Throwable t) {}

                          @Override
                          public void onCompleted() {
                            out.onCompleted();
                          }
                        }))
            .build();
    grpcServer =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(service)
            .build()
            .start();
  }

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (dp != null) {
      dp.close();
    }
    grpcServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    if (tlsServer != null) {
      tlsServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private void start(boolean tls, List<io.breakwater.dataplane.config.Server> servers)
      throws Exception {
    start(tls, servers, null);
  }

  /** With {@code backendTls}, the backend is {@code protocol: h2} over it; else h2c. */
  private void start(
      boolean tls, List<io.breakwater.dataplane.config.Server> servers, BackendTls backendTls)
      throws Exception {
    TestConfig c = TestConfig.create().http2();
    if (tls) {
      c.tls(
          new Tls(
              List.of(new Tls.Certificate(null, CERT.certPem(), null, CERT.pkcs8Pem())),
              Tls.PROTOCOLS,
              List.of()));
    }
    c.backend(
        new Backend(
            "grpc",
            Balance.ROUNDROBIN,
            0,
            c.timeouts(),
            BackendPolicy.DEFAULT,
            servers,
            backendTls,
            backendTls == null ? BackendProtocol.H2C : BackendProtocol.H2,
            Backend.DEFAULT_MAX_STREAMS));
    dp = Dataplane.start(c.build());
    int port = dp.port("http");
    channel =
        tls
            ? Grpc.newChannelBuilderForAddress(
                    "127.0.0.1",
                    port,
                    TlsChannelCredentials.newBuilder()
                        .trustManager(
                            new ByteArrayInputStream(
                                CERT.certPem().getBytes(StandardCharsets.US_ASCII)))
                        .build())
                .overrideAuthority("grpc.example.com")
                .build()
            : Grpc.newChannelBuilderForAddress(
                    "127.0.0.1", port, InsecureChannelCredentials.create())
                .build();
  }

  private void start(boolean tls) throws Exception {
    start(tls, List.of(server("grpc", grpcServer.getPort())));
  }

  private static CallOptions inTime() {
    return CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @Test
  void unaryOverH2c() throws Exception {
    start(false);
    assertThat(ClientCalls.blockingUnaryCall(channel, UNARY, inTime(), "hi")).isEqualTo("echo:hi");
  }

  @Test
  void unaryOverH2WithTls() throws Exception {
    start(true);
    assertThat(ClientCalls.blockingUnaryCall(channel, UNARY, inTime(), "tls"))
        .isEqualTo("echo:tls");
  }

  @Test
  void aTrailersOnlyErrorKeepsItsStatusMessageAndTrailers() throws Exception {
    start(false);
    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, FAIL, inTime(), "x"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.getStatus().getDescription()).isEqualTo("no such thing");
              assertThat(e.getTrailers().get(TRAILER)).isEqualTo("t");
            });
  }

  @Test
  void serverStreamingMessagesFlowOneByOne() throws Exception {
    start(false);
    Iterator<String> it =
        ClientCalls.blockingServerStreamingCall(channel, SERVER_STREAM, inTime(), "5");
    List<String> got = new ArrayList<>();
    while (it.hasNext()) {
      got.add(it.next());
      clientReceived.release();
    }
    assertThat(got).containsExactly("m0", "m1", "m2", "m3", "m4");
  }

  @Test
  void bidiStreamingEchoesEachMessageBeforeTheNextIsSent() throws Exception {
    start(true);
    LinkedBlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    ClientCall<String, String> call = channel.newCall(BIDI, inTime());
    StreamObserver<String> requests =
        ClientCalls.asyncBidiStreamingCall(
            call,
            new StreamObserver<String>() {
              @Override
              public void onNext(String value) {
                answers.add(value);
              }

              @Override
              public void onError(Throwable t) {
                answers.add(t);
              }

              @Override
              public void onCompleted() {
                answers.add("done");
              }
            });
    for (int i = 0; i < 5; i++) {
      requests.onNext("q" + i);
      assertThat(answers.poll(10, TimeUnit.SECONDS)).isEqualTo("re:q" + i);
    }
    requests.onCompleted();
    assertThat(answers.poll(10, TimeUnit.SECONDS)).isEqualTo("done");
  }

  @Test
  void aDeadlineEndsTheCallWithDeadlineExceededAndCancelsTheServersCall() throws Exception {
    start(false);
    assertThatThrownBy(
            () ->
                ClientCalls.blockingUnaryCall(
                    channel,
                    HANG,
                    CallOptions.DEFAULT.withDeadlineAfter(300, TimeUnit.MILLISECONDS),
                    "x"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    assertThat(hangCancelled.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void noServerIsUnavailableFromTheProxy() throws Exception {
    start(false, List.of());
    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, UNARY, inTime(), "x"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(e.getStatus().getDescription()).contains("no server is available");
            });
    assertThat(dp.backend("grpc").state().stats().requests()).isEqualTo(1);
  }

  @Test
  void unaryAndStreamingToAnH2BackendOverTls() throws Exception {
    tlsServer =
        NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 0),
                TlsServerCredentials.create(
                    new ByteArrayInputStream(CERT.certPem().getBytes(StandardCharsets.US_ASCII)),
                    new ByteArrayInputStream(CERT.pkcs8Pem().getBytes(StandardCharsets.US_ASCII))))
            .addService(service)
            .build()
            .start();
    start(
        true,
        List.of(server("grpc-tls", tlsServer.getPort())),
        new BackendTls(
            null, CERT.certPem(), true, "grpc.example.com", null, Tls.PROTOCOLS, List.of()));
    assertThat(ClientCalls.blockingUnaryCall(channel, UNARY, inTime(), "over h2"))
        .isEqualTo("echo:over h2");
    Iterator<String> it =
        ClientCalls.blockingServerStreamingCall(channel, SERVER_STREAM, inTime(), "3");
    List<String> got = new ArrayList<>();
    while (it.hasNext()) {
      got.add(it.next());
      clientReceived.release();
    }
    assertThat(got).containsExactly("m0", "m1", "m2");
  }
}
