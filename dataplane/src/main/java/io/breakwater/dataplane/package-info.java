/** The Breakwater dataplane: a Netty HTTP reverse proxy driven by an immutable configuration. */
package io.breakwater.dataplane;
