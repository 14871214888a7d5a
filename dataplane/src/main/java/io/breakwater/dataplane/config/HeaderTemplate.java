package io.breakwater.dataplane.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A header value that may use variables: {@code ${client_ip}}, {@code ${request_id}}, {@code
 * ${host}} and {@code ${scheme}}. {@code $$} stands for one {@code $}; a {@code $} followed by
 * anything else than <code>{</code> or {@code $} is itself.
 *
 * @param parts literal text ({@link String}) and variables ({@link Variable}), in order
 */
public record HeaderTemplate(List<Object> parts) {

  /** The variables a header value may use. */
  public enum Variable {
    /** The client's IP address (from the PROXY protocol, or trusted X-Forwarded-For). */
    CLIENT_IP("client_ip"),
    /** The request's id. */
    REQUEST_ID("request_id"),
    /** The request's host, without port. */
    HOST("host"),
    /** {@code http} or {@code https}, as the client used. */
    SCHEME("scheme");

    private final String configName;

    Variable(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }
  }

  /** The variables as written, for messages: {@code ${client_ip}, ${request_id}, …}. */
  public static final String VARIABLES = variablesText();

  public HeaderTemplate {
    parts = List.copyOf(parts);
  }

  /**
   * The template written as {@code text}.
   *
   * @throws IllegalArgumentException when it names an unknown variable or leaves one unclosed
   */
  public static HeaderTemplate parse(String text) {
    List<Object> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
        literal.append('$');
        i += 2;
      } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        int close = text.indexOf('}', i + 2);
        if (close < 0) {
          throw new IllegalArgumentException(
              Texts.quote(text)
                  + " has an unclosed variable (expected: "
                  + VARIABLES
                  + ", or $$ for a $)");
        }
        String name = text.substring(i + 2, close);
        Variable v = variable(name);
        if (v == null) {
          List<String> names = new ArrayList<>();
          for (Variable x : Variable.values()) {
            names.add(x.configName);
          }
          String hint = Texts.closest(name, names);
          throw new IllegalArgumentException(
              Texts.quote(text)
                  + " uses the unknown variable ${"
                  + name
                  + "}"
                  + (hint != null ? ", did you mean ${" + hint + "}?" : "")
                  + " (expected: "
                  + VARIABLES
                  + ", or $$ for a $)");
        }
        if (literal.length() > 0) {
          parts.add(literal.toString());
          literal.setLength(0);
        }
        parts.add(v);
        i = close + 1;
      } else {
        literal.append(c);
        i++;
      }
    }
    if (literal.length() > 0 || parts.isEmpty()) {
      parts.add(literal.toString());
    }
    return new HeaderTemplate(parts);
  }

  /** Whether the value is fixed text. */
  public boolean isLiteral() {
    return parts.size() == 1 && parts.get(0) instanceof String;
  }

  private static Variable variable(String name) {
    for (Variable v : Variable.values()) {
      if (v.configName.equals(name)) {
        return v;
      }
    }
    return null;
  }

  private static String variablesText() {
    List<String> out = new ArrayList<>();
    for (Variable v : Variable.values()) {
      out.add("${" + v.configName + "}");
    }
    return String.join(", ", out);
  }
}
