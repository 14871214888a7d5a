package io.breakwater.dataplane.echo;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A blocking HTTP/1.x client on a raw socket, for what the JDK client hides or refuses: exact
 * request bytes, HTTP/1.0, pipelining, framing headers, upgrades, and the close that follows.
 */
final class RawHttp implements AutoCloseable {
  private static final int TIMEOUT_MILLIS = 10_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  static RawHttp connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
    socket.setSoTimeout(TIMEOUT_MILLIS);
    socket.setTcpNoDelay(true);
    return new RawHttp(socket);
  }

  int localPort() {
    return socket.getLocalPort();
  }

  RawHttp send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  RawHttp send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Reads one response, its body framed by the headers; {@code bodyless} for HEAD, 1xx. */
  Response read(boolean bodyless) throws IOException {
    String statusLine = line();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers
          .computeIfAbsent(
              line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(line.substring(colon + 1).trim());
    }
    Response head = new Response(statusLine, headers, new byte[0]);
    int status = head.status();
    if (bodyless || status < 200 || status == 204 || status == 304) {
      return head;
    }
    byte[] body;
    if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
      body = chunkedBody();
    } else if (head.header("content-length") != null) {
      body = in.readNBytes(Integer.parseInt(head.header("content-length")));
    } else {
      body = in.readAllBytes();
    }
    return new Response(statusLine, headers, body);
  }

  Response read() throws IOException {
    return read(false);
  }

  byte[] readExactly(int n) throws IOException {
    byte[] bytes = in.readNBytes(n);
    if (bytes.length < n) {
      throw new EOFException("expected " + n + " bytes, got " + bytes.length);
    }
    return bytes;
  }

  /** True when the server closed the connection (the next read sees end of stream). */
  boolean closedByServer() throws IOException {
    return in.read() == -1;
  }

  private byte[] chunkedBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = line();
      int semicolon = sizeLine.indexOf(';');
      int size = Integer.parseInt(semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon), 16);
      if (size == 0) {
        while (!line().isEmpty()) {
          // trailers: ignored
        }
        return body.toByteArray();
      }
      body.write(readExactly(size));
      if (!line().isEmpty()) {
        throw new IOException("chunk not followed by CRLF");
      }
    }
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      if (c == -1) {
        throw new EOFException("connection closed after: " + line);
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  record Response(String statusLine, Map<String, List<String>> headers, byte[] body) {
    int status() {
      return Integer.parseInt(statusLine.split(" ", 3)[1]);
    }

    String protocol() {
      return statusLine.split(" ", 2)[0];
    }

    String header(String name) {
      List<String> values = headers.get(name);
      return values == null ? null : values.get(0);
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }
}
