package io.breakwater.controller;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.breakwater.dataplane.tls.Pem;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The module boundaries of docs/architecture.md: the dataplane never depends on Kubernetes client
 * code, and controller code reaches the dataplane only through its public config model, its Runtime
 * API client and {@code tls.Pem} (JDK only), which checks Secrets' certificates as the dataplane
 * will. The CLI entry point may also mount the dataplane's own commands.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  // Reading every class of both modules takes seconds idle but over a minute on a shared 2-core
  // machine at load average 20 (the default limit is 60 s); still bounded.
  @BeforeAll
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.breakwater");
  }

  @Test
  void dataplaneNeverDependsOnFabric8() {
    noClasses()
        .that()
        .resideInAPackage("io.breakwater.dataplane..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.fabric8..")
        .check(classes);
  }

  @Test
  void dataplaneNeverDependsOnTheController() {
    noClasses()
        .that()
        .resideInAPackage("io.breakwater.dataplane..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.breakwater.controller..")
        .check(classes);
  }

  @Test
  void controllerUsesOnlyTheDataplaneConfigModelAndRuntimeClient() {
    noClasses()
        .that()
        .resideInAPackage("io.breakwater.controller..")
        .and()
        .resideOutsideOfPackage("io.breakwater.controller.cli..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("io.breakwater.dataplane..")
                .and(
                    not(resideInAnyPackage(
                            "io.breakwater.dataplane.config..",
                            "io.breakwater.dataplane.runtime.client.."))
                        .and(not(type(Pem.class)))))
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void theRuntimeApiClientNeedsNoNetty() {
    noClasses()
        .that()
        .resideInAPackage("io.breakwater.controller.ctl..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.netty..")
        .check(classes);
  }

  @Test
  void cliLaunchesTheDataplaneOnlyThroughItsCommands() {
    noClasses()
        .that()
        .resideInAPackage("io.breakwater.controller.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.breakwater.dataplane.proxy..",
            "io.breakwater.dataplane.route..",
            "io.breakwater.dataplane.balance..",
            "io.breakwater.dataplane.stats..")
        .check(classes);
  }
}
