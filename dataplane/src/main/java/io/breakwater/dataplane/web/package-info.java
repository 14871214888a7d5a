/**
 * A small HTTP/1.1 server for operator endpoints (the stats page, metrics, probes, the REST Data
 * Plane API): its own one-thread event loop, so nothing an operator does can stall the proxy's
 * loops; whole requests up to a small size (larger get 413); keep-alive; and a router from method
 * and path to a handler that returns a whole response. Handlers run on that one thread, so they
 * must be short: read a snapshot, render it, apply a change.
 */
package io.breakwater.dataplane.web;
