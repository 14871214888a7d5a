/**
 * The sync loop: one thread that coalesces cluster changes, translates a consistent snapshot,
 * compares the result with what the dataplane runs, and applies the smallest change through the
 * Runtime API. Everything else (status, Events, metrics) learns what happened through {@link
 * io.breakwater.controller.sync.SyncListener}.
 */
package io.breakwater.controller.sync;
