package io.breakwater.dataplane.runtime;

import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.resilience.CheckStatus;
import io.breakwater.dataplane.stats.StatsSnapshot;

/**
 * {@code show servers state}: HAProxy's server-state format 1. The first line is the version, the
 * second {@code # } and the column names, then one line per server, space-separated, with HAProxy's
 * numeric codes for states and check results.
 */
final class ServersState {
  static final String HEADER =
      "# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight"
          + " srv_iweight srv_time_since_last_change srv_check_status srv_check_result"
          + " srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id"
          + " srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr"
          + " srv_agent_addr srv_agent_port";

  // srv_op_state
  static final int SRV_ST_STOPPED = 0;
  static final int SRV_ST_STARTING = 1;
  static final int SRV_ST_RUNNING = 2;

  // srv_admin_state bits
  static final int SRV_ADMF_FMAINT = 0x01;
  static final int SRV_ADMF_FDRAIN = 0x08;

  // srv_check_result
  static final int CHK_RES_UNKNOWN = 0;
  static final int CHK_RES_FAILED = 2;
  static final int CHK_RES_PASSED = 3;

  // srv_check_state bits
  static final int CHK_ST_CONFIGURED = 0x02;
  static final int CHK_ST_ENABLED = 0x04;
  static final int CHK_ST_PAUSED = 0x08;

  private ServersState() {}

  /** The header lines; rows follow from {@link #row}. */
  static String header() {
    return "1\n" + HEADER + "\n";
  }

  /**
   * One server's line.
   *
   * @param checkPort the port its checks go to, 0 for its own
   * @param initialWeight the weight before the Runtime API changed it ({@code srv_iweight})
   */
  static String row(
      StatsSnapshot.Backend b, StatsSnapshot.Server s, int checkPort, int initialWeight) {
    HostPort addr = HostPort.parse(s.address());
    String host = addr == null ? s.address() : addr.host();
    int port = addr == null ? 0 : addr.port();
    return String.join(
            " ",
            Integer.toString(b.id()),
            b.name(),
            Integer.toString(s.id()),
            s.name(),
            host,
            Integer.toString(opState(s)),
            Integer.toString(adminState(s)),
            Integer.toString(s.weight()),
            Integer.toString(initialWeight),
            Long.toString(s.lastChangeSeconds()),
            Integer.toString(checkStatus(s.checkStatus())),
            Integer.toString(checkResult(s)),
            Integer.toString(s.health()),
            Integer.toString(checkState(s)),
            "0", // srv_agent_state: no agent checks
            "0", // bk_f_forced_id
            "0", // srv_f_forced_id
            "-", // srv_fqdn
            Integer.toString(port),
            "-", // srvrecord
            "0", // srv_use_ssl
            Integer.toString(checkPort),
            "-", // srv_check_addr
            "-", // srv_agent_addr
            "0") // srv_agent_port
        + "\n";
  }

  private static int opState(StatsSnapshot.Server s) {
    if (!s.up()) {
      return SRV_ST_STOPPED;
    }
    return s.throttle() < 100 ? SRV_ST_STARTING : SRV_ST_RUNNING;
  }

  private static int adminState(StatsSnapshot.Server s) {
    return switch (s.adminState()) {
      case "maint" -> SRV_ADMF_FMAINT;
      case "drain" -> SRV_ADMF_FDRAIN;
      default -> 0;
    };
  }

  /** HAProxy's {@code HCHK_STATUS_*} number of a check code; 0 (UNKNOWN) without checks. */
  static int checkStatus(String code) {
    if (code == null) {
      return 0;
    }
    return switch (code) {
      case "INI" -> 1;
      case "HANA" -> 4;
      case "SOCKERR" -> 5;
      case "L4OK" -> 6;
      case "L4TOUT" -> 7;
      case "L4CON" -> 8;
      case "L6OK" -> 9;
      case "L6TOUT" -> 10;
      case "L6RSP" -> 11;
      case "L7TOUT" -> 12;
      case "L7RSP" -> 13;
      case "L7OK" -> 15;
      case "L7STS" -> 17;
      default -> 0;
    };
  }

  private static int checkResult(StatsSnapshot.Server s) {
    String code = s.checkStatus();
    if (!s.checked() || code == null || code.equals("INI")) {
      return CHK_RES_UNKNOWN;
    }
    try {
      return CheckStatus.valueOf(code).passed() ? CHK_RES_PASSED : CHK_RES_FAILED;
    } catch (IllegalArgumentException e) {
      return CHK_RES_UNKNOWN;
    }
  }

  private static int checkState(StatsSnapshot.Server s) {
    if (!s.checked()) {
      return 0;
    }
    int state = CHK_ST_CONFIGURED;
    if (s.checksEnabled()) {
      state |= CHK_ST_ENABLED;
    }
    if (s.adminState().equals("maint")) {
      state |= CHK_ST_PAUSED;
    }
    return state;
  }
}
