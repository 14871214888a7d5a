/**
 * The access log: an immutable {@link io.breakwater.dataplane.accesslog.AccessRecord} per finished
 * request, with HAProxy's timers and two-character termination state, and an {@link
 * io.breakwater.dataplane.accesslog.AccessLogWriter} that event loops hand records to without ever
 * blocking or doing I/O: records wait in a bounded lock-free queue, one daemon thread formats them
 * (JSON or HAProxy's HTTP log format) and writes them; when it falls behind, what does not fit is
 * dropped and counted. The formats are described in {@code docs/access-log.md}.
 */
package io.breakwater.dataplane.accesslog;
