/**
 * A small HTTP/1.1 echo backend for demos, tests, benchmarks and chaos runs: {@link
 * io.breakwater.dataplane.echo.EchoServer} answers every request with a JSON description of what it
 * saw, and query parameters shape the answer (status, delay, streamed filler of any size, chunked
 * framing, the request body streamed back, connection close). Upgrade requests switch the
 * connection to a raw byte echo, so tests can prove a proxy tunnels upgraded connections byte for
 * byte. Everything streams with back-pressure; nothing is aggregated.
 */
package io.breakwater.dataplane.echo;
