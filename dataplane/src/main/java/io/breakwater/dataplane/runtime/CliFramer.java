package io.breakwater.dataplane.runtime;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Cuts the Runtime API's byte stream into {@link CliInput}s, one at a time (HAProxy's CLI framing,
 * management guide §9.3):
 *
 * <ul>
 *   <li>A line ends with LF; a CR before it is dropped. At most {@value #MAX_LINE} bytes.
 *   <li>A line whose last word is {@code <<} is followed by a payload: the lines up to the next
 *       empty line. A last word {@code <<WORD} (letters, digits, {@code _}, {@code -}, at most 64)
 *       ends the payload at a line that is exactly {@code WORD} instead, so that the payload may
 *       hold empty lines (a YAML config). At most {@value #MAX_PAYLOAD} bytes.
 *   <li>A line or payload over its limit becomes one error, after which input is ignored (the
 *       session closes the connection).
 * </ul>
 *
 * <p>Reading is driven by the session, as in Netty's proxy example: {@code AUTO_READ} is off, one
 * input is handed on, and nothing more is read until the session has written its answer and fires
 * {@link #NEXT}. Besides bounding what a client can queue, this is what lets a client close its
 * side right after its commands ({@code echo … | socat}): the end of input is read only once every
 * command before it has been answered. (Netty's NIO Unix-socket channel cannot half-close, so an
 * end of input read earlier would close the connection under the pending answers.) When the input
 * ends, an unterminated last line still counts on TCP; on a Unix socket the connection is closed by
 * then, so lines must end with a newline there, as {@code echo} ends them.
 */
final class CliFramer extends ChannelInboundHandlerAdapter {
  /** The longest command line, in bytes. */
  static final int MAX_LINE = 64 * 1024;

  /** The largest payload, in bytes. */
  static final int MAX_PAYLOAD = 16 * 1024 * 1024;

  /** The session's event: the last input is answered, hand on the next. */
  static final Object NEXT = new Object();

  private static final int MAX_TERMINATOR = 64;

  private enum State {
    LINE,
    PAYLOAD,
    FAILED,
    ENDED
  }

  private State state = State.LINE;
  private ByteBuf buffer;
  private boolean waiting;
  private boolean inputClosed;
  private String payloadLine;
  private String terminator;
  private StringBuilder payload;
  private long payloadBytes;

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.fireChannelActive();
    ctx.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    if (state == State.FAILED || state == State.ENDED) {
      in.release();
      return;
    }
    buffer =
        buffer == null
            ? in
            : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), buffer, in);
    deliver(ctx);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    // Not passed on: the session reacts to inputs, not to socket reads.
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == NEXT) {
      waiting = false;
      deliver(ctx);
    } else if (evt instanceof ChannelInputShutdownEvent) {
      inputClosed = true;
      deliver(ctx);
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    release();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    release();
  }

  private void release() {
    if (buffer != null) {
      buffer.release();
      buffer = null;
    }
  }

  /** Hands on the next complete input, or asks for more bytes. */
  private void deliver(ChannelHandlerContext ctx) {
    if (waiting || state == State.FAILED || state == State.ENDED) {
      return;
    }
    CliInput next = next();
    if (next == null && inputClosed) {
      next = rest();
    }
    if (next != null) {
      waiting = next.error() == null;
      ctx.fireChannelRead(next);
    } else if (inputClosed) {
      state = State.ENDED;
      ctx.fireChannelRead(CliInput.END);
    } else {
      ctx.read();
    }
  }

  /**
   * The next complete input in the buffer, an error, or {@code null} when more bytes are needed.
   */
  private CliInput next() {
    while (buffer != null && buffer.isReadable()) {
      int start = buffer.readerIndex();
      int eol = buffer.indexOf(start, buffer.writerIndex(), (byte) '\n');
      int length = eol < 0 ? buffer.readableBytes() : eol - start;
      if (state == State.LINE && length > MAX_LINE) {
        return fail("Line too long: a command line is at most " + MAX_LINE + " bytes.");
      }
      if (state == State.PAYLOAD && payloadBytes + length > MAX_PAYLOAD) {
        return fail("Payload too large: a payload is at most " + MAX_PAYLOAD + " bytes.");
      }
      if (eol < 0) {
        return null;
      }
      String line = text(start, length);
      buffer.skipBytes(length + 1);
      CliInput input = state == State.LINE ? onLine(line) : onPayloadLine(line, length + 1);
      if (input != null) {
        return input;
      }
    }
    return null;
  }

  /** What is left when the input ends: an unterminated last line, an unterminated payload. */
  private CliInput rest() {
    if (buffer != null && buffer.isReadable()) {
      int length = buffer.readableBytes();
      String line = text(buffer.readerIndex(), length);
      buffer.skipBytes(length);
      CliInput input = state == State.LINE ? onLine(line) : onPayloadLine(line, length);
      if (input != null) {
        return input;
      }
    }
    if (state == State.PAYLOAD) {
      CliInput input = CliInput.withPayload(payloadLine, payload.toString());
      reset();
      return input;
    }
    return null;
  }

  private String text(int start, int length) {
    int end = length > 0 && buffer.getByte(start + length - 1) == '\r' ? length - 1 : length;
    return buffer.toString(start, end, StandardCharsets.UTF_8);
  }

  /** A command line, or {@code null} when it starts a payload. */
  private CliInput onLine(String line) {
    String trimmed = line.stripTrailing();
    int start = trimmed.length();
    while (start > 0 && trimmed.charAt(start - 1) != ' ' && trimmed.charAt(start - 1) != '\t') {
      start--;
    }
    String last = trimmed.substring(start);
    String command = trimmed.substring(0, start).stripTrailing();
    if (last.startsWith("<<") && !command.isEmpty() && validTerminator(last.substring(2))) {
      state = State.PAYLOAD;
      payloadLine = command;
      terminator = last.substring(2);
      payload = new StringBuilder();
      payloadBytes = 0;
      return null;
    }
    return CliInput.line(line);
  }

  private static boolean validTerminator(String t) {
    if (t.length() > MAX_TERMINATOR) {
      return false;
    }
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The command with its payload once the terminator comes, else {@code null}. */
  private CliInput onPayloadLine(String line, int bytes) {
    if (line.equals(terminator)) {
      CliInput input = CliInput.withPayload(payloadLine, payload.toString());
      reset();
      return input;
    }
    payload.append(line).append('\n');
    payloadBytes += bytes;
    return null;
  }

  private void reset() {
    state = State.LINE;
    payloadLine = null;
    terminator = null;
    payload = null;
    payloadBytes = 0;
  }

  private CliInput fail(String message) {
    state = State.FAILED;
    payload = null;
    release();
    return CliInput.error(message);
  }
}
