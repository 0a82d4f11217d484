package org.scheduler.app;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The packages of the main code (server, jobs, the extension API, sql) depend on each other as a
 * tree, not a knot. Read from the compiled classes, so every kind of reference counts, not only
 * imports.
 */
class PackageCyclesTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.scheduler");

  @Test
  void mainCodeHasNoPackageCycle() {
    slices().matching("org.scheduler.(**)").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void theYamlToolsAndTheExtensionApiAreLeaves() {
    noClasses()
        .that()
        .resideInAPackage("org.scheduler.app.conf.yaml")
        .should()
        .dependOnClassesThat(
            resideInAPackage("org.scheduler..")
                .and(not(resideInAPackage("org.scheduler.app.conf.yaml"))))
        .check(MAIN);
    noClasses()
        .that()
        .resideInAPackage("org.scheduler.api")
        .should()
        .dependOnClassesThat(
            resideInAPackage("org.scheduler..").and(not(resideInAPackage("org.scheduler.api"))))
        .check(MAIN);
  }
}
