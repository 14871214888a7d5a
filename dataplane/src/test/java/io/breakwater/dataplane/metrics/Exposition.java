package io.breakwater.dataplane.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A parsed Prometheus text exposition: each sample by its name and sorted labels, and each family's
 * {@code # TYPE}. Enough of the format for tests (no timestamps, no exemplars).
 */
record Exposition(Map<String, Double> samples, Map<String, String> types) {

  static Exposition parse(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] p = line.substring(7).split(" ");
        types.put(p[0], p[1]);
      } else if (!line.isEmpty() && !line.startsWith("#")) {
        int space = line.lastIndexOf(' ');
        samples.put(
            canonical(line.substring(0, space)), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return new Exposition(samples, types);
  }

  /** The value of a sample; {@code labels} alternate names and values. Fails when absent. */
  double value(String name, String... labels) {
    Map<String, String> l = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      l.put(labels[i], labels[i + 1]);
    }
    String key = key(name, l);
    Double v = samples.get(key);
    if (v == null) {
      throw new AssertionError("no sample " + key);
    }
    return v;
  }

  boolean has(String name, String... labels) {
    try {
      value(name, labels);
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  /** The family names with a {@code # TYPE} line that start with the prefix. */
  Set<String> families(String prefix) {
    Set<String> out = new TreeSet<>();
    for (String f : types.keySet()) {
      if (f.startsWith(prefix)) {
        out.add(f);
      }
    }
    return out;
  }

  private static String canonical(String series) {
    int brace = series.indexOf('{');
    if (brace < 0) {
      return series;
    }
    Map<String, String> labels = new TreeMap<>();
    String body = series.substring(brace + 1, series.length() - 1);
    int i = 0;
    while (i < body.length()) {
      int eq = body.indexOf('=', i);
      String name = body.substring(i, eq);
      StringBuilder value = new StringBuilder();
      int j = eq + 2; // past ="
      for (; body.charAt(j) != '"'; j++) {
        char c = body.charAt(j);
        if (c == '\\') {
          char n = body.charAt(++j);
          value.append(n == 'n' ? '\n' : n);
        } else {
          value.append(c);
        }
      }
      labels.put(name, value.toString());
      i = j + 2; // past ",
    }
    return key(series.substring(0, brace), labels);
  }

  private static String key(String name, Map<String, String> labels) {
    return labels.isEmpty() ? name : name + labels;
  }
}
