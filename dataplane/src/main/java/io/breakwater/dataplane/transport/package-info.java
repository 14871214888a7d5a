/**
 * Socket transports (epoll, io_uring, NIO): which Netty I/O handler and channel classes a
 * configured {@link io.breakwater.dataplane.config.Transport} stands for on this machine.
 */
package io.breakwater.dataplane.transport;
