/**
 * The {@code breakwater.io/} annotations: one small class per key that parses and checks its value
 * and says what it does to a backend, and {@link
 * io.breakwater.controller.translate.annotation.Annotations}, the one registry that translation
 * reads them through and {@code docs/annotations.md} is generated from. Parsing is pure: a bad
 * value becomes an {@link io.breakwater.controller.translate.annotation.InvalidValueException}
 * whose message quotes the value and says what was expected.
 */
package io.breakwater.controller.translate.annotation;
