package io.breakwater.dataplane.runtime;

import java.util.ArrayList;
import java.util.List;

/** Splits a {@code show stat} line into cells, undoing CSV quoting; the trailing comma ends it. */
final class StatCsvCells {
  private StatCsvCells() {}

  static List<String> of(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    if (cell.length() > 0) {
      throw new IllegalArgumentException("line does not end with a comma: " + line);
    }
    return out;
  }
}
