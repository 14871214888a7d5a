package io.breakwater.controller.translate.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.RepositoryFiles;
import org.junit.jupiter.api.Test;

/** The registry, and the reference generated from it. */
class AnnotationsTest {

  static final String REGENERATE =
      "mvn -q -B -pl controller -am verify -Dtest=AnnotationsTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dbreakwater.updateDocs=true";

  @Test
  void docsAnnotationsMdIsGeneratedFromTheRegistry() {
    RepositoryFiles.assertGenerated(
        RepositoryFiles.resolve("docs/annotations.md"),
        AnnotationReference.markdown(REGENERATE),
        "breakwater.updateDocs",
        REGENERATE);
  }

  @Test
  void everyAnnotationHasItsOwnTableDrivenTest() throws ClassNotFoundException {
    for (Annotation<?> a : Annotations.ALL) {
      Class<?> test = Class.forName(a.getClass().getName() + "Test");
      assertThat(AnnotationTestCase.class).as(test.getName()).isAssignableFrom(test);
    }
  }

  @Test
  void keysAreLowercaseWordsJoinedByDashes() {
    for (Annotation<?> a : Annotations.ALL) {
      assertThat(a.name()).matches("[a-z]+(-[a-z0-9]+)*");
      assertThat(a.key()).isEqualTo("breakwater.io/" + a.name());
      assertThat(Annotations.byKey(a.key())).isSameAs(a);
    }
    assertThat(Annotations.keys()).doesNotHaveDuplicates().hasSize(Annotations.ALL.size());
  }

  @Test
  void descriptionsAreSentences() {
    for (Annotation<?> a : Annotations.ALL) {
      assertThat(a.description()).as(a.key()).endsWith(".").doesNotContain("\n");
      assertThat(a.syntax()).as(a.key()).isNotBlank();
    }
  }

  @Test
  void unsupportedAnnotationsChangeNothing() {
    for (Annotation<?> a : Annotations.ALL) {
      if (!a.supported()) {
        assertThat(a.target()).isEqualTo(Annotation.Target.NONE);
      }
    }
  }
}
