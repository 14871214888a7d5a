package io.breakwater.dataplane.health;

import java.time.Duration;

/**
 * The time until the next check of a server, before jitter. The proxy answers from the server's
 * health state, as HAProxy does: {@code interval} while steadily UP, {@code downinter} while
 * steadily DOWN, {@code fastinter} in transition, when not yet checked, or after passive errors.
 * Called on the checker's event loop, after the last result was reported.
 */
@FunctionalInterface
public interface IntervalSource {
  Duration nextInterval();
}
