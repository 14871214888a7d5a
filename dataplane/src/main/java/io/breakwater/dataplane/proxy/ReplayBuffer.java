package io.breakwater.dataplane.proxy;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import java.util.ArrayDeque;

/**
 * The request body chunks already sent to a server, held so a retry can send them again. Chunks are
 * kept as retained duplicates (the original goes to the socket and is released there); a replay
 * writes further duplicates, so the buffer survives any number of attempts. Past {@code limit}
 * bytes the buffer gives up and releases everything: such a request is never retried once sent (the
 * replay-safety rule in {@code resilience.RetryRules}).
 */
final class ReplayBuffer {
  private final ArrayDeque<HttpContent> held = new ArrayDeque<>(4);
  private int limit;
  private int bytes;
  private boolean enabled;
  private boolean overflowed;

  /** Starts a new request; {@code enabled} false keeps nothing (the policy never replays). */
  void reset(boolean enabled, int limit) {
    release();
    this.enabled = enabled;
    this.limit = limit;
    this.overflowed = false;
  }

  /** Remembers a chunk about to be sent. */
  void keep(HttpContent c) {
    if (!enabled || overflowed) {
      return;
    }
    int n = c.content().readableBytes();
    if (bytes + (long) n > limit) {
      overflowed = true;
      release();
      return;
    }
    held.add(c.retainedDuplicate());
    bytes += n;
  }

  /** True while everything sent so far is held (nothing was dropped for size). */
  boolean intact() {
    return enabled && !overflowed;
  }

  /** Writes every held chunk again, as fresh duplicates. */
  void replayTo(Channel up) {
    for (HttpContent c : held) {
      up.write(c.retainedDuplicate(), up.voidPromise());
    }
  }

  /** Bytes held now. */
  int bytes() {
    return bytes;
  }

  void release() {
    HttpContent c;
    while ((c = held.poll()) != null) {
      c.release();
    }
    bytes = 0;
  }
}
