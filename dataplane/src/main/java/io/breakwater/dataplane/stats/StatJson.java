package io.breakwater.dataplane.stats;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code show stat json}: the rows of {@link StatCsv} as a JSON array of objects, one per frontend,
 * server and backend, in the same order. Keys are the CSV's column names; numbers are JSON numbers
 * and text is JSON strings; a column that does not apply to a row is left out. This is Breakwater's
 * own, simpler shape, not HAProxy's typed field objects ({@code show stat json} there): {@code jq
 * '.[] | select(.svname == "BACKEND") | .scur'} reads it directly.
 *
 * <p>The array is written one row per line, so the output has no blank line.
 */
public final class StatJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private StatJson() {}

  /** Every column filled, addresses and algorithms included. */
  public static String render(StatsSnapshot snapshot) {
    return render(snapshot, true);
  }

  /**
   * @param sensitive whether to include {@code addr} and {@code algo} (operator level and above)
   */
  public static String render(StatsSnapshot snapshot, boolean sensitive) {
    List<StatRows.Row> rows = StatRows.rows(snapshot, sensitive);
    StringBuilder sb = new StringBuilder(4096).append('[');
    for (int r = 0; r < rows.size(); r++) {
      sb.append(r == 0 ? "\n" : ",\n").append(object(rows.get(r)));
    }
    return sb.append("\n]").toString();
  }

  private static ObjectNode object(StatRows.Row row) {
    ObjectNode n = NODES.objectNode();
    for (int i = 0; i < row.cells.length; i++) {
      Object cell = row.cells[i];
      String name = StatRows.COLUMNS.get(i);
      if (cell instanceof Integer v) {
        n.put(name, v);
      } else if (cell instanceof Long v) {
        n.put(name, v);
      } else if (cell != null) {
        n.put(name, cell.toString());
      }
    }
    return n;
  }
}
