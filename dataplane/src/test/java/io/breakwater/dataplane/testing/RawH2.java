package io.breakwater.dataplane.testing;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/2 frames written and read verbatim over one cleartext socket (h2c with prior knowledge), for
 * tests that must send what no well-behaved client would: floods of CONTINUATION, SETTINGS, PING or
 * empty DATA frames. Header blocks are HPACK literals without indexing or Huffman coding, so they
 * need no encoder state. Every read is bounded by the socket's read timeout.
 */
public final class RawH2 implements AutoCloseable {
  public static final int DATA = 0x0;
  public static final int HEADERS = 0x1;
  public static final int RST_STREAM = 0x3;
  public static final int SETTINGS = 0x4;
  public static final int PING = 0x6;
  public static final int GOAWAY = 0x7;
  public static final int WINDOW_UPDATE = 0x8;
  public static final int CONTINUATION = 0x9;

  public static final int END_STREAM = 0x1;
  public static final int ACK = 0x1;
  public static final int END_HEADERS = 0x4;

  /** RFC 9113 §7 error codes the tests expect. */
  public static final int PROTOCOL_ERROR = 0x1;

  public static final int REFUSED_STREAM = 0x7;
  public static final int ENHANCE_YOUR_CALM = 0xb;

  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /**
   * A frame as read.
   *
   * @param type the frame type
   * @param flags the flags
   * @param stream the stream id
   * @param payload the payload
   */
  public record Frame(int type, int flags, int stream, byte[] payload) {
    /** The error code of a GOAWAY or RST_STREAM frame. */
    public int errorCode() {
      int at = type == GOAWAY ? 4 : 0;
      return ((payload[at] & 0xff) << 24)
          | ((payload[at + 1] & 0xff) << 16)
          | ((payload[at + 2] & 0xff) << 8)
          | (payload[at + 3] & 0xff);
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawH2(Socket socket) throws IOException {
    this.socket = socket;
    in = new DataInputStream(socket.getInputStream());
    out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
  }

  /**
   * Connects, sends the preface and an empty SETTINGS frame. {@code receiveBuffer} &gt; 0 shrinks
   * the socket's receive buffer so a client that does not read fills up the server's side soon.
   */
  public static RawH2 connect(int port, int receiveBuffer) throws IOException {
    return connect(port, receiveBuffer, new byte[0]);
  }

  /** As {@link #connect(int, int)}, with {@code before} (a PROXY protocol header) ahead of all. */
  public static RawH2 connect(int port, int receiveBuffer, byte[] before) throws IOException {
    Socket s = new Socket();
    if (receiveBuffer > 0) {
      s.setReceiveBufferSize(
          receiveBuffer); // before connect, so the window is small from the start
    }
    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    s.setSoTimeout(10_000);
    s.setTcpNoDelay(true);
    RawH2 c = new RawH2(s);
    c.out.write(before);
    c.out.write(PREFACE);
    c.frame(SETTINGS, 0, 0, new byte[0]);
    c.flush();
    return c;
  }

  /**
   * h2 over TLS (ALPN {@code h2}, SNI {@code sni}, any certificate trusted), with {@code before} (a
   * PROXY protocol header) sent in the clear ahead of the handshake; then the preface and an empty
   * SETTINGS frame.
   */
  public static RawH2 connectTls(int port, String sni, byte[] before) throws Exception {
    Socket plain = new Socket();
    plain.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    plain.setSoTimeout(10_000);
    plain.setTcpNoDelay(true);
    plain.getOutputStream().write(before);
    plain.getOutputStream().flush();
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, sni, port, true);
    SSLParameters p = s.getSSLParameters();
    p.setServerNames(List.of(new SNIHostName(sni)));
    p.setApplicationProtocols(new String[] {"h2"});
    s.setSSLParameters(p);
    s.startHandshake();
    if (!"h2".equals(s.getApplicationProtocol())) {
      throw new IOException("ALPN chose " + s.getApplicationProtocol() + ", not h2");
    }
    RawH2 c = new RawH2(s);
    c.out.write(PREFACE);
    c.frame(SETTINGS, 0, 0, new byte[0]);
    c.flush();
    return c;
  }

  public static RawH2 connect(int port) throws IOException {
    return connect(port, 0);
  }

  /** Buffers one frame; {@link #flush()} sends what is buffered. */
  public void frame(int type, int flags, int stream, byte[] payload) throws IOException {
    int n = payload.length;
    out.write(n >>> 16);
    out.write(n >>> 8);
    out.write(n);
    out.write(type);
    out.write(flags);
    out.write(stream >>> 24);
    out.write(stream >>> 16);
    out.write(stream >>> 8);
    out.write(stream);
    out.write(payload);
  }

  /**
   * Buffers a whole header block: HEADERS with the first 16 KiB (the default frame size), then
   * CONTINUATION frames, END_HEADERS on the last.
   */
  public void headers(int stream, boolean endStream, byte[] block) throws IOException {
    int max = 16 * 1024;
    int end = Math.min(block.length, max);
    int flags = (endStream ? END_STREAM : 0) | (end == block.length ? END_HEADERS : 0);
    frame(HEADERS, flags, stream, Arrays.copyOfRange(block, 0, end));
    for (int at = end; at < block.length; at = end) {
      end = Math.min(block.length, at + max);
      int last = end == block.length ? END_HEADERS : 0;
      frame(CONTINUATION, last, stream, Arrays.copyOfRange(block, at, end));
    }
  }

  /** Bounds every read from now on by {@code millis}. */
  public void readTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  public void flush() throws IOException {
    out.flush();
  }

  /** The next frame, or null when the server closed the connection. */
  public Frame read() throws IOException {
    byte[] head = new byte[9];
    try {
      in.readFully(head);
    } catch (EOFException e) {
      return null;
    }
    int length = ((head[0] & 0xff) << 16) | ((head[1] & 0xff) << 8) | (head[2] & 0xff);
    int stream =
        ((head[5] & 0x7f) << 24)
            | ((head[6] & 0xff) << 16)
            | ((head[7] & 0xff) << 8)
            | (head[8] & 0xff);
    byte[] payload = new byte[length];
    in.readFully(payload);
    return new Frame(head[3] & 0xff, head[4] & 0xff, stream, payload);
  }

  /**
   * The {@code :status} of a response HEADERS frame whose first field is {@code :status}, as the
   * proxy's encoder writes it: an indexed static entry or a literal with the static name.
   */
  public static int status(Frame f) {
    byte[] p = f.payload();
    int first = p[0] & 0xff;
    switch (first) {
      case 0x88:
        return 200;
      case 0x89:
        return 204;
      case 0x8a:
        return 206;
      case 0x8b:
        return 304;
      case 0x8c:
        return 400;
      case 0x8d:
        return 404;
      case 0x8e:
        return 500;
      default:
        break;
    }
    // literal with name index 8 (:status), with or without indexing; a 3-byte raw string
    if ((first & 0x0f) == 8 && p[1] == 3) {
      return Integer.parseInt(new String(p, 2, 3, StandardCharsets.US_ASCII));
    }
    throw new AssertionError("not a :status first: " + Arrays.toString(p));
  }

  /** Reads until a frame of {@code type} arrives; fails if the connection ends first. */
  public Frame awaitFrame(int type) throws IOException {
    for (Frame f = read(); f != null; f = read()) {
      if (f.type() == type) {
        return f;
      }
    }
    throw new AssertionError("connection closed before a frame of type " + type);
  }

  /**
   * Reads and discards until the server closes the connection (end of stream or reset); false if it
   * is still open when the read timeout runs out.
   */
  public boolean closedByServer() throws IOException {
    byte[] sink = new byte[64 * 1024];
    try {
      while (in.read(sink) >= 0) {
        // discard
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset: the server closed with our bytes still unread on its side
    }
  }

  /**
   * A header block for a request: HPACK literal fields without indexing (RFC 7541 §6.2.2), raw
   * strings.
   */
  public static byte[] requestHeaders(String method, String path, String authority) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    literal(b, ":method", method);
    literal(b, ":scheme", "http");
    literal(b, ":path", path);
    literal(b, ":authority", authority);
    return b.toByteArray();
  }

  /** One literal header field without indexing, for building larger blocks. */
  public static void literal(ByteArrayOutputStream b, String name, String value) {
    b.write(0x00);
    string(b, name);
    string(b, value);
  }

  private static void string(ByteArrayOutputStream b, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
    int n = bytes.length;
    if (n < 127) {
      b.write(n);
    } else {
      b.write(127); // 7-bit prefix integer (RFC 7541 §5.1)
      n -= 127;
      while (n >= 128) {
        b.write((n & 0x7f) | 0x80);
        n >>>= 7;
      }
      b.write(n);
    }
    b.writeBytes(bytes);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
