package io.breakwater.dataplane.policy;

import io.breakwater.dataplane.config.TrafficPolicy;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * Compiled header rules: {@code remove}, then {@code set}, then {@code add}, in the order written.
 * Names are interned as {@link AsciiString}s once, so applying them hashes no new strings.
 */
public final class HeaderOps {
  private final AsciiString[] remove;
  private final AsciiString[] setNames;
  private final Template[] setValues;
  private final AsciiString[] addNames;
  private final Template[] addValues;

  private HeaderOps(TrafficPolicy.HeaderRules r) {
    remove = r.remove().stream().map(AsciiString::cached).toArray(AsciiString[]::new);
    setNames = names(r.set());
    setValues = values(r.set());
    addNames = names(r.add());
    addValues = values(r.add());
  }

  /** The rules compiled, or null when there are none. */
  public static HeaderOps of(TrafficPolicy.HeaderRules r) {
    if (r == null || (r.set().isEmpty() && r.add().isEmpty() && r.remove().isEmpty())) {
      return null;
    }
    return new HeaderOps(r);
  }

  /** Applies the rules to {@code h} in place. */
  public void apply(HttpHeaders h, ExchangeVars v) {
    for (AsciiString n : remove) {
      h.remove(n);
    }
    for (int i = 0; i < setNames.length; i++) {
      h.set(setNames[i], setValues[i].render(v));
    }
    for (int i = 0; i < addNames.length; i++) {
      h.add(addNames[i], addValues[i].render(v));
    }
  }

  private static AsciiString[] names(List<TrafficPolicy.Header> list) {
    return list.stream().map(x -> AsciiString.cached(x.name())).toArray(AsciiString[]::new);
  }

  private static Template[] values(List<TrafficPolicy.Header> list) {
    return list.stream().map(x -> Template.parse(x.value())).toArray(Template[]::new);
  }
}
