package io.breakwater.controller.translate.annotation;

import java.util.Objects;

/**
 * One {@code breakwater.io/} annotation: its documentation and the parser of its value. Each key is
 * a subclass with a single instance, registered in {@link Annotations}.
 *
 * @param <T> the parsed value
 */
public abstract class Annotation<T> {

  /** The prefix of every key. */
  public static final String PREFIX = "breakwater.io/";

  /** What a value changes. */
  public enum Target {
    /**
     * The backends the annotated object routes to (an Ingress) or is (a Service), resolved per
     * backend: the Service's value wins over the Ingresses', the oldest Ingress's over younger
     * ones'.
     */
    BACKEND,
    /**
     * The annotated Ingress's own routes; on a Service, its backends (so every route to them that
     * sets nothing of its own).
     */
    ROUTE,
    /** Nothing yet: recognized and checked, but the dataplane does not support it. */
    NONE
  }

  private final String name;
  private final Scope scope;
  private final Target target;
  private final String syntax;
  private final String defaultValue;
  private final String description;

  /**
   * @param name the key without {@value #PREFIX}
   * @param scope where it is read
   * @param target what it changes; {@link Target#NONE} when the dataplane does not support it
   * @param syntax the value's syntax, for the reference (Markdown)
   * @param defaultValue what applies without the annotation, for the reference (Markdown)
   * @param description what it does (Markdown)
   */
  protected Annotation(
      String name,
      Scope scope,
      Target target,
      String syntax,
      String defaultValue,
      String description) {
    this.name = Objects.requireNonNull(name, "name");
    this.scope = Objects.requireNonNull(scope, "scope");
    this.target = Objects.requireNonNull(target, "target");
    this.syntax = Objects.requireNonNull(syntax, "syntax");
    this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
    this.description = Objects.requireNonNull(description, "description");
  }

  /**
   * The value the annotation's text stands for, surrounding whitespace ignored.
   *
   * @throws InvalidValueException when the text is not a valid value; the message quotes it and
   *     says what was expected
   */
  public final T parse(String text) {
    return parseTrimmed(text.strip());
  }

  /** {@link #parse} on text without surrounding whitespace. */
  protected abstract T parseTrimmed(String text);

  /**
   * Applies a parsed value to a backend under construction. Annotations whose {@link #target()} is
   * not {@link Target#BACKEND}, and those resolved by translation itself (policy names), do nothing
   * here.
   */
  public void apply(T value, BackendDraft draft) {}

  /** The key without {@value #PREFIX}, e.g. {@code timeout-server}. */
  public final String name() {
    return name;
  }

  /** The full key, e.g. {@code breakwater.io/timeout-server}. */
  public final String key() {
    return PREFIX + name;
  }

  public final Scope scope() {
    return scope;
  }

  public final Target target() {
    return target;
  }

  /** Whether the dataplane supports what the annotation asks for. */
  public final boolean supported() {
    return target != Target.NONE;
  }

  public final String syntax() {
    return syntax;
  }

  public final String defaultValue() {
    return defaultValue;
  }

  public final String description() {
    return description;
  }

  @Override
  public String toString() {
    return key();
  }
}
