package io.breakwater.dataplane.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A blocking HTTP/1.1 client over one socket, for tests that need exact bytes on the wire: what is
 * sent is sent verbatim, and responses are parsed strictly (status line, headers, body framed by
 * Content-Length, chunked encoding, or connection close). Every read is bounded by a timeout.
 */
public final class RawHttp implements AutoCloseable {
  /** A parsed response; header names are lower-cased. */
  public record Response(String protocol, int status, Map<String, String> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RawHttp(int port) throws IOException {
    this(port, 10_000);
  }

  public RawHttp(int port, int readTimeoutMillis) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(readTimeoutMillis);
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** Speaks over a socket the caller connected (a TLS socket, say); closing this closes it. */
  public RawHttp(Socket connected) throws IOException {
    socket = connected;
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** Connects to a loopback port with a 10 s read timeout. */
  public static RawHttp connect(int port) throws IOException {
    return new RawHttp(port);
  }

  public Socket socket() {
    return socket;
  }

  public int localPort() {
    return socket.getLocalPort();
  }

  public OutputStream out() {
    return out;
  }

  public InputStream in() {
    return in;
  }

  public RawHttp send(String raw) throws IOException {
    return send(raw.getBytes(StandardCharsets.ISO_8859_1));
  }

  public RawHttp send(byte[] raw) throws IOException {
    out.write(raw);
    out.flush();
    return this;
  }

  /** Sends a GET with the given Host and reads the response. */
  public Response get(String path, String host) throws IOException {
    send("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
    return read();
  }

  /** Reads one response; a response to HEAD must be read with {@link #readHead()}. */
  public Response read() throws IOException {
    return read(false);
  }

  /** Reads one response that has no body whatever its headers say (HEAD, 1xx). */
  public Response readHead() throws IOException {
    return read(true);
  }

  /** Reads one response; {@code noBody} for answers to HEAD and 1xx. */
  public Response read(boolean noBody) throws IOException {
    String statusLine = line();
    if (!statusLine.startsWith("HTTP/1.")) {
      throw new IOException("not a status line: " + statusLine);
    }
    String protocol = statusLine.substring(0, 8);
    int status = Integer.parseInt(statusLine.substring(9, 12));
    Map<String, String> headers = headers();
    byte[] body;
    if (noBody || status < 200 || status == 204 || status == 304) {
      body = new byte[0];
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = chunked();
    } else if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else {
      body = in.readAllBytes();
    }
    return new Response(protocol, status, headers, body);
  }

  /** Exactly {@code n} bytes, or an EOFException. */
  public byte[] readExactly(int n) throws IOException {
    byte[] bytes = in.readNBytes(n);
    if (bytes.length < n) {
      throw new EOFException("expected " + n + " bytes, got " + bytes.length);
    }
    return bytes;
  }

  private Map<String, String> headers() throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String l = line(); !l.isEmpty(); l = line()) {
      int colon = l.indexOf(':');
      headers.merge(
          l.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          l.substring(colon + 1).trim(),
          (a, b) -> a + ", " + b);
    }
    return headers;
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (; ; ) {
      String size = line();
      int semi = size.indexOf(';');
      int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
      if (n == 0) {
        headers(); // trailers
        return body.toByteArray();
      }
      body.write(readExactly(n));
      if (!line().isEmpty()) {
        throw new IOException("chunk not followed by CRLF");
      }
    }
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (; ; ) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("connection closed after: " + sb);
      }
      if (c == '\n') {
        int len = sb.length();
        return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
      }
      sb.append((char) c);
    }
  }

  /** True when the peer closed the connection (EOF) within the socket's read timeout. */
  public boolean closedByPeer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
