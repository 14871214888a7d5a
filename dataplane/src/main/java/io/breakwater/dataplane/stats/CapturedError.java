package io.breakwater.dataplane.stats;

/**
 * A request or response the proxy rejected as malformed, kept for {@code show errors}.
 *
 * <p>Netty's HTTP decoder reports why it refused a message but not where: the bytes it read are
 * gone by then, so there is no excerpt and no error offset as HAProxy shows them. Keeping them
 * would mean copying every read on the hot path.
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
    String reason) {}
