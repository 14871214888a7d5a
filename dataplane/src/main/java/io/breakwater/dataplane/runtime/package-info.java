/**
 * The Runtime API: HAProxy's stats socket protocol on Unix sockets and loopback TCP, on its own
 * small event loop. A line of commands separated by {@code ;} (and an optional payload after {@code
 * <<}) is read, each command runs against the {@link io.breakwater.dataplane.Dataplane} mutation
 * and inspection API at the listener's access level, and each answer ends with an empty line.
 * {@link io.breakwater.dataplane.runtime.RuntimeApiServer} binds the listeners; the commands, their
 * levels and outputs are documented in {@code docs/runtime-api.md}.
 */
package io.breakwater.dataplane.runtime;
