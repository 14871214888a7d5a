package io.breakwater.dataplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandLineTest {

  @Test
  void aLineSplitsAtSemicolonsUnlessEscaped() {
    assertThat(CommandLine.split("show info; show stat;;help"))
        .containsExactly("show info", " show stat", "", "help");
    assertThat(CommandLine.split("set x a\\;b")).containsExactly("set x a;b");
    assertThat(CommandLine.split("set x {\"a\": \"\\\"q\\\\\"}"))
        .containsExactly("set x {\"a\": \"\\\"q\\\\\"}");
  }

  @Test
  void wordsSplitOnBlanksAndTheRestKeepsItsSpacing() {
    CommandLine c = CommandLine.parse("  set backend  app servers [ {\"name\":  \"a\"} ]  ");
    assertThat(c.words())
        .containsExactly("set", "backend", "app", "servers", "[", "{\"name\":", "\"a\"}", "]");
    assertThat(c.rest(4)).isEqualTo("[ {\"name\":  \"a\"} ]");
    assertThat(c.rest(8)).isEmpty();
    assertThat(c.word(8)).isNull();
    assertThat(CommandLine.parse(" \t ").isEmpty()).isTrue();
  }

  @Test
  void aServerIsNamedAfterTheLastSlash() {
    assertThat(ServerRef.parse("ns/app/80/pod-1")).isEqualTo(new ServerRef("ns/app/80", "pod-1"));
  }
}
