package io.breakwater.dataplane.route;

import io.breakwater.dataplane.config.PathType;
import java.util.ArrayList;
import java.util.List;

/** TEMPORARY placeholder until the route branch lands. */
public final class RouteTable<T> {
  private record Entry<T>(String host, String path, PathType type, T target) {}

  private final List<Entry<T>> entries;

  private RouteTable(List<Entry<T>> entries) {
    this.entries = entries;
  }

  public static <T> Builder<T> builder() {
    return new Builder<>();
  }

  public T lookup(String host, String uri) {
    String h = host == null ? null : host.split(":")[0].toLowerCase();
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    T best = null;
    int bestLen = -1;
    for (Entry<T> e : entries) {
      if (e.host != null && !e.host.equals(h)) {
        continue;
      }
      boolean m =
          e.type == PathType.EXACT
              ? path.equals(e.path)
              : path.startsWith(e.path)
                  && (e.path.endsWith("/")
                      || path.length() == e.path.length()
                      || path.charAt(e.path.length()) == '/');
      if (m && e.path.length() > bestLen) {
        best = e.target;
        bestLen = e.path.length();
      }
    }
    return best;
  }

  public static final class Builder<T> {
    private final List<Entry<T>> entries = new ArrayList<>();

    public Builder<T> add(String host, String path, PathType type, T target) {
      entries.add(new Entry<>(host, path, type, target));
      return this;
    }

    public RouteTable<T> build() {
      return new RouteTable<>(List.copyOf(entries));
    }
  }
}
