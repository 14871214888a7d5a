package io.breakwater.dataplane.chaos;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * One scenario's figures.
 *
 * @param scenario its name
 * @param requests client requests completed over the whole run
 * @param failures client-visible failures
 * @param ejected time from the fault to the proxy taking the server(s) out, or null
 * @param recovered time from the end of the fault to the server(s) serving again, or null
 * @param extraLoad attempts sent to servers per client request, minus one, from the fault on
 * @param failureSamples a few of the failures, for the report
 */
record ChaosReport(
    String scenario,
    long requests,
    long failures,
    Duration ejected,
    Duration recovered,
    double extraLoad,
    List<String> failureSamples) {

  static String table(Collection<ChaosReport> reports) {
    StringBuilder sb = new StringBuilder();
    sb.append("\n| scenario | client requests | client failures | time to eject | time to recover")
        .append(" | extra load from retries |\n|---|---:|---:|---:|---:|---:|\n");
    for (ChaosReport r : reports) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %s | %s | %.1f%% |%n",
              r.scenario,
              r.requests,
              r.failures,
              millis(r.ejected),
              millis(r.recovered),
              r.extraLoad * 100));
    }
    return sb.toString();
  }

  private static String millis(Duration d) {
    return d == null ? "never" : d.toMillis() + " ms";
  }
}
