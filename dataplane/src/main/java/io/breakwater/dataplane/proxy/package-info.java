/**
 * The HTTP/1.1 reverse proxy: listeners, the per-connection frontend state machine, upstream
 * connections pooled per server and per event loop, server selection and queueing, timeouts, and
 * the runtime objects a config compiles into. One client connection and all of its upstream
 * connections live on one event loop, so nothing here locks on the request path.
 */
package io.breakwater.dataplane.proxy;
