package io.breakwater.dataplane.config;

import java.time.Duration;
import java.util.Objects;

/**
 * HAProxy's timeouts. Frontends use {@code client}, {@code httpRequest} and {@code httpKeepAlive};
 * backends use {@code connect}, {@code server}, {@code queue}, {@code tunnel} and {@code poolIdle}.
 *
 * @param connect to establish a connection to a server
 * @param client inactivity while the client is expected to send (request body, or a half-sent
 *     request)
 * @param server inactivity while waiting for the server to send (response headers or body)
 * @param httpRequest to receive a complete request head, from the connection start or the end of
 *     the previous response
 * @param httpKeepAlive idle time between requests on a keep-alive client connection
 * @param queue time a request may wait for a server slot when servers are at maxconn
 * @param tunnel inactivity in both directions once a connection is upgraded (WebSocket)
 * @param poolIdle how long an idle pooled server connection is kept before it is closed
 */
public record Timeouts(
    Duration connect,
    Duration client,
    Duration server,
    Duration httpRequest,
    Duration httpKeepAlive,
    Duration queue,
    Duration tunnel,
    Duration poolIdle) {

  public static final Timeouts DEFAULT =
      new Timeouts(
          Duration.ofSeconds(5),
          Duration.ofSeconds(50),
          Duration.ofSeconds(50),
          Duration.ofSeconds(10),
          Duration.ofSeconds(60),
          Duration.ofSeconds(5),
          Duration.ofHours(1),
          Duration.ofSeconds(30));

  public Timeouts {
    Objects.requireNonNull(connect, "connect");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(httpRequest, "httpRequest");
    Objects.requireNonNull(httpKeepAlive, "httpKeepAlive");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(tunnel, "tunnel");
    Objects.requireNonNull(poolIdle, "poolIdle");
  }
}
