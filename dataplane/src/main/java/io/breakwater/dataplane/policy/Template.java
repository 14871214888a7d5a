package io.breakwater.dataplane.policy;

import io.breakwater.dataplane.config.HeaderTemplate;
import io.breakwater.dataplane.config.HeaderTemplate.Variable;
import java.util.List;

/** A header value template ready to render: literal text is rendered without building anything. */
final class Template {
  private final String literal;
  private final Object[] parts;

  /** The template is exactly one variable: rendered without building a string. */
  private final Variable only;

  Template(HeaderTemplate t) {
    List<Object> p = t.parts();
    this.literal = t.isLiteral() ? (String) p.get(0) : null;
    this.parts = p.toArray();
    this.only = parts.length == 1 && parts[0] instanceof Variable var ? var : null;
  }

  static Template parse(String text) {
    return new Template(HeaderTemplate.parse(text));
  }

  String render(ExchangeVars v) {
    if (literal != null) {
      return literal;
    }
    if (only != null) {
      return value(only, v);
    }
    StringBuilder b = new StringBuilder(64);
    for (Object part : parts) {
      if (part instanceof Variable var) {
        b.append(value(var, v));
      } else {
        b.append((String) part);
      }
    }
    return b.toString();
  }

  private static String value(Variable var, ExchangeVars v) {
    return switch (var) {
      case CLIENT_IP -> v.clientIp;
      case REQUEST_ID -> v.requestId;
      case HOST -> v.host();
      case SCHEME -> v.scheme;
    };
  }
}
