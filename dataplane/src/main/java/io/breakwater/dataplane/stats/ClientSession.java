package io.breakwater.dataplane.stats;

/**
 * A client connection open now ({@code show sess}).
 *
 * @param id the connection's identifier (Netty's short channel id)
 * @param frontend the frontend it arrived on
 * @param client the client's address and port
 * @param ageMillis time since it was accepted
 */
public record ClientSession(String id, String frontend, String client, long ageMillis) {}
