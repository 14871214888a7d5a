package io.breakwater.controller.ctl;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A client for the Runtime API (HAProxy's stats-socket protocol) over a Unix socket or TCP.
 * Immutable and thread-safe: each {@link #send} opens its own connection, sends one line in the
 * socket's default non-interactive mode, and reads the answers until the server closes the
 * connection or every command on the line has been answered (each answer ends with an empty line),
 * whichever comes first. {@link #openSession} keeps one connection for many commands.
 *
 * <p>Answers are free text; an error such as {@code Unknown command} or {@code Permission denied}
 * is an answer like any other. Exceptions mean the conversation itself failed: {@link
 * CannotConnectException} when nothing could be reached, other {@link IOException}s (a {@link
 * java.net.SocketTimeoutException} when the server went silent for the timeout) after connecting.
 */
public final class RuntimeClient {
  /** Where the dataplane's Runtime API listens by default. */
  public static final Path DEFAULT_SOCKET = Path.of("/var/run/breakwater/runtime.sock");

  /**
   * How long a connect, or a silence while waiting for an answer, may last: HAProxy's {@code stats
   * timeout}.
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final SocketAddress address;
  private final String target;
  private final Duration timeout;

  private RuntimeClient(SocketAddress address, String target, Duration timeout) {
    this.address = address;
    this.target = target;
    this.timeout = timeout;
  }

  /** A client for the Unix socket at {@code socket}. */
  public static RuntimeClient unix(Path socket) {
    Objects.requireNonNull(socket, "socket");
    return new RuntimeClient(
        UnixDomainSocketAddress.of(socket), "unix socket " + socket, DEFAULT_TIMEOUT);
  }

  /** A client for {@code host:port}; the host is resolved at each connect. */
  public static RuntimeClient tcp(String host, int port) {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host: \"\" (expected: a host name or address)");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1 to 65535)");
    }
    String shown = host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    return new RuntimeClient(
        InetSocketAddress.createUnresolved(host, port), "tcp " + shown, DEFAULT_TIMEOUT);
  }

  /** This client with another connect and read timeout. */
  public RuntimeClient withTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
    }
    return new RuntimeClient(address, target, timeout);
  }

  /** How messages name the server, e.g. {@code unix socket /var/run/breakwater/runtime.sock}. */
  public String target() {
    return target;
  }

  public Duration timeout() {
    return timeout;
  }

  /**
   * Sends one command line and returns the answer: its lines, each ending with {@code \n}, without
   * the empty line that ended it. With several commands ({@code show info; show stat}), the answers
   * come back in order, separated by one empty line.
   *
   * @throws IllegalArgumentException when the command is blank or has a line break
   * @throws CannotConnectException when the server cannot be reached
   * @throws IOException when the server closed without answering, or went silent for the timeout
   */
  public String send(String command) throws IOException {
    Objects.requireNonNull(command, "command");
    return exchange(Framing.line(command), Framing.count(command));
  }

  /**
   * Sends {@code command <<}, the payload's lines, and the empty line that ends the payload (a
   * certificate for {@code set ssl cert}, map entries for {@code add map}); returns the answer as
   * {@link #send(String)} does.
   *
   * @throws IllegalArgumentException when the payload has an empty line, which would end it early
   */
  public String send(String command, String payload) throws IOException {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(payload, "payload");
    return exchange(Framing.withPayload(command, payload), Framing.count(command));
  }

  /**
   * Opens a connection in prompt mode, for many commands.
   *
   * @throws CannotConnectException when the server cannot be reached
   */
  public RuntimeSession openSession() throws IOException {
    return RuntimeSession.open(connect());
  }

  Wire connect() throws CannotConnectException {
    SocketAddress a = address;
    if (a instanceof InetSocketAddress inet && inet.isUnresolved()) {
      a = new InetSocketAddress(inet.getHostString(), inet.getPort());
    }
    return Wire.connect(a, timeout.toNanos(), target);
  }

  private String exchange(String text, int answers) throws IOException {
    try (Wire wire = connect()) {
      wire.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
      AnswerReader reader = new AnswerReader(wire);
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < answers; i++) {
        AnswerReader.Answer a = reader.read(false, false);
        if (a == null) {
          if (i == 0) {
            throw new EOFException(target + " closed the connection without answering");
          }
          break;
        }
        if (i > 0) {
          out.append('\n');
        }
        out.append(a.text());
        if (!a.complete()) {
          break; // the server closed: that was all
        }
      }
      return out.toString();
    }
  }

  @Override
  public String toString() {
    return "RuntimeClient[" + target + ", timeout " + timeout + "]";
  }
}
