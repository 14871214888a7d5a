package io.breakwater.dataplane.stats;

/**
 * A request or response the proxy rejected as malformed, kept for {@code show errors}.
 *
 * <p>The bytes come from the HTTP/1.1 codecs, copied on the error path only: what was still in the
 * decoder's buffer when it refused the message (see {@link CapturedBytes}). HTTP/2 streams keep
 * none.
 *
 * @param event this frontend's capture number, from 1
 * @param atMillis when (epoch milliseconds)
 * @param frontend the frontend that received the request
 * @param client the client's address and port
 * @param response true for a server's invalid response, false for a client's invalid request
 * @param backend the backend of the request, or {@code null} when it was not routed yet
 * @param server the server that answered, or {@code null}
 * @param kind what the proxy made of it (and the status the client got)
 * @param reason the decoder's explanation, e.g. "An HTTP line is larger than 8192 bytes."
 * @param bytes the message's bytes and the error's offset, or {@code null} when none were kept
 */
public record CapturedError(
    long event,
    long atMillis,
    String frontend,
    String client,
    boolean response,
    String backend,
    String server,
    ProxyErrorKind kind,
    String reason,
    CapturedBytes bytes) {}
