package dev.weft.cli;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The CLI's packages (commands over http, config and output) form layers, read from the compiled classes. */
@AnalyzeClasses(packages = "dev.weft.cli", importOptions = ImportOption.DoNotIncludeTests.class)
final class ArchitectureTest {
  @ArchTest
  static final ArchRule cliHasNoPackageCycles = slices().matching("dev.weft.cli.(*)..")
      .should().beFreeOfCycles()
      .because("packages in a cycle can be neither understood, tested nor moved one at a time");
}
