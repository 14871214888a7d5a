/**
 * {@code breakwater ctl}: a client for the Runtime API, the dataplane's HAProxy-style stats socket.
 * {@link io.breakwater.controller.ctl.RuntimeClient} sends one command line (and an optional {@code
 * <<} payload) per connection, in the socket's non-interactive mode, over a Unix socket or TCP;
 * {@link io.breakwater.controller.ctl.RuntimeSession} keeps one connection in prompt mode for many
 * commands; {@link io.breakwater.controller.ctl.CtlCommand} is the command line on top, with an
 * interactive prompt (JLine) when no command is given. Plain JDK sockets, no Netty: this is also
 * what the controller will apply changes with.
 */
package io.breakwater.controller.ctl;
