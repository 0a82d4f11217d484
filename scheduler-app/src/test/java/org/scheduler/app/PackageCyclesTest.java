package org.scheduler.app;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The packages of the main code (server, jobs, sql) depend on each other as a tree, not a knot.
 * Read from the compiled classes, so every kind of reference counts, not only imports.
 */
class PackageCyclesTest {
  @Test
  void mainCodeHasNoPackageCycle() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.scheduler");
    slices().matching("org.scheduler.(**)").should().beFreeOfCycles().check(classes);
  }
}
