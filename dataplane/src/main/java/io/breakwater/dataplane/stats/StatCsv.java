package io.breakwater.dataplane.stats;

import java.util.List;

/**
 * HAProxy's {@code show stat} CSV of a {@link StatsSnapshot}: a header line {@code #
 * pxname,svname,…} with HAProxy's columns in HAProxy's order, then one line per frontend, server
 * and backend (see {@link StatRows} for the rows and what each column holds). As HAProxy writes it,
 * every field is followed by a comma, so each line ends with one; a cell that does not apply is
 * empty; a cell is quoted only when it holds a comma, a double quote, a line break or leading or
 * trailing spaces, with inner quotes doubled. Columns are looked up by name in the header, as with
 * HAProxy, whose documentation reserves the right to add columns.
 */
public final class StatCsv {

  private StatCsv() {}

  /** Every column filled, addresses and algorithms included. */
  public static String render(StatsSnapshot snapshot) {
    return render(snapshot, true);
  }

  /**
   * @param sensitive whether to fill {@code addr} and {@code algo}; HAProxy shows them only at
   *     operator level and above
   */
  public static String render(StatsSnapshot snapshot, boolean sensitive) {
    StringBuilder sb = new StringBuilder(4096);
    sb.append("# ");
    for (String column : StatRows.COLUMNS) {
      sb.append(column).append(',');
    }
    sb.append('\n');
    List<StatRows.Row> rows = StatRows.rows(snapshot, sensitive);
    for (StatRows.Row row : rows) {
      for (Object cell : row.cells) {
        if (cell != null) {
          appendCell(sb, cell.toString());
        }
        sb.append(',');
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** The column names, in order (without the header's {@code # }). */
  public static List<String> columns() {
    return StatRows.COLUMNS;
  }

  static void appendCell(StringBuilder sb, String s) {
    if (!needsQuotes(s)) {
      sb.append(s);
      return;
    }
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        sb.append('"');
      }
      sb.append(c);
    }
    sb.append('"');
  }

  private static boolean needsQuotes(String s) {
    if (s.isEmpty()) {
      return false;
    }
    if (s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ') {
      return true;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        return true;
      }
    }
    return false;
  }
}
