package io.breakwater.controller.ctl;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A tiny Runtime API server with HAProxy's session model, on a Unix socket or loopback TCP: a line
 * of {@code ;}-separated commands, each answer ended by an empty line, {@code <<} payloads ended by
 * an empty line, the connection closed after the line unless {@code prompt} switched the session to
 * prompt mode ({@code "\n> "} after each answer, {@code "+ "} before each payload line), {@code
 * quit} to leave. It records what clients sent, raw and parsed.
 */
final class FakeRuntimeApi implements Closeable {
  /** A command as the server understood it. */
  record Received(String command, String payload) {}

  private final ServerSocketChannel server;
  private final Path socket;
  private final BiFunction<String, String, String> answers;
  private final Thread acceptor;
  private final List<SocketChannel> open = new ArrayList<>();

  /** Everything each connection sent, in order of connections, once the connection ended. */
  final BlockingQueue<String> raw = new LinkedBlockingQueue<>();

  final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger closed = new AtomicInteger();

  /** Reads commands but never answers them. */
  volatile boolean silent;

  /** In non-interactive mode, keeps the connection open after answering. */
  volatile boolean keepOpen;

  /** In prompt mode, closes the connection after each answer, like an idle timeout would. */
  volatile boolean closeAfterAnswer;

  /** Answers without the ending empty line, then closes. */
  volatile boolean truncate;

  private FakeRuntimeApi(
      ServerSocketChannel server, Path socket, BiFunction<String, String, String> answers) {
    this.server = server;
    this.socket = socket;
    this.answers = answers;
    this.acceptor = new Thread(this::accept, "fake-runtime-api");
    this.acceptor.setDaemon(true);
    this.acceptor.start();
  }

  /** Answers {@code answers.apply(command, payload)}; the payload is null when none came. */
  static FakeRuntimeApi unix(Path socket, BiFunction<String, String, String> answers)
      throws IOException {
    ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    s.bind(UnixDomainSocketAddress.of(socket));
    return new FakeRuntimeApi(s, socket, answers);
  }

  static FakeRuntimeApi tcp(BiFunction<String, String, String> answers) throws IOException {
    ServerSocketChannel s = ServerSocketChannel.open();
    s.bind(new InetSocketAddress("127.0.0.1", 0));
    return new FakeRuntimeApi(s, null, answers);
  }

  int port() throws IOException {
    return ((InetSocketAddress) server.getLocalAddress()).getPort();
  }

  private void accept() {
    while (server.isOpen()) {
      SocketChannel ch;
      try {
        ch = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      connections.incrementAndGet();
      synchronized (open) {
        open.add(ch);
      }
      Thread t = new Thread(() -> serve(ch), "fake-runtime-api-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(SocketChannel ch) {
    Recording in = new Recording(Channels.newInputStream(ch));
    OutputStream out = Channels.newOutputStream(ch);
    try (ch) {
      boolean prompt = false;
      while (true) {
        String line = in.readLine();
        if (line == null) {
          return;
        }
        if (silent) {
          continue;
        }
        List<String> commands = split(line);
        for (int i = 0; i < commands.size(); i++) {
          String command = commands.get(i).strip();
          String payload = null;
          if (i == commands.size() - 1 && command.endsWith("<<")) {
            command = command.substring(0, command.length() - 2).strip();
            StringBuilder p = new StringBuilder();
            while (true) {
              if (prompt) {
                write(out, "+ ");
              }
              String l = in.readLine();
              if (l == null || l.isEmpty()) {
                break;
              }
              p.append(l).append('\n');
            }
            payload = p.toString();
          }
          String answer;
          if (command.equals("quit")) {
            return;
          } else if (command.equals("prompt")) {
            prompt = !prompt;
            answer = "";
          } else {
            answer = answers.apply(command, payload);
            if (!answer.isEmpty() && !answer.endsWith("\n")) {
              answer += "\n";
            }
          }
          received.add(new Received(command, payload));
          if (truncate) {
            write(out, answer);
            return;
          }
          write(out, answer + (prompt ? "\n> " : "\n"));
          if (prompt && closeAfterAnswer && !command.equals("prompt")) {
            return;
          }
        }
        if (!prompt && !keepOpen) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away
    } finally {
      raw.add(in.recorded());
      closed.incrementAndGet();
    }
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Splits on unescaped semicolons. */
  private static List<String> split(String line) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        cur.append(line.charAt(++i));
      } else if (c == ';') {
        parts.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    parts.add(cur.toString());
    parts.removeIf(String::isBlank);
    return parts;
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (open) {
      for (SocketChannel ch : open) {
        ch.close();
      }
    }
    if (socket != null) {
      Files.deleteIfExists(socket);
    }
  }

  /** Reads lines and keeps every byte read. */
  private static final class Recording {
    private final InputStream in;
    private final ByteArrayOutputStream all = new ByteArrayOutputStream();

    Recording(InputStream in) {
      this.in = in;
    }

    String readLine() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b; (b = in.read()) >= 0; ) {
        synchronized (all) {
          all.write(b);
        }
        if (b == '\n') {
          return line.toString(StandardCharsets.UTF_8);
        }
        line.write(b);
      }
      return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    String recorded() {
      synchronized (all) {
        return all.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
