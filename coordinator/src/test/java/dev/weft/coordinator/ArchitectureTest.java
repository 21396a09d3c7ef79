package dev.weft.coordinator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The coordinator's packages form layers (api over service over store), read from the compiled classes. */
@AnalyzeClasses(packages = "dev.weft.coordinator", importOptions = ImportOption.DoNotIncludeTests.class)
final class ArchitectureTest {
  @ArchTest
  static final ArchRule coordinatorHasNoPackageCycles = slices().matching("dev.weft.coordinator.(*)..")
      .should().beFreeOfCycles()
      .because("packages in a cycle can be neither understood, tested nor moved one at a time; a lower layer"
          + " (store, keys, config) must not reach back up into api or channel");

  @ArchTest
  static final ArchRule entityPackagesKnowNoStorage = noClasses()
      .that().resideInAnyPackage("..coordinator.network..", "..coordinator.block..", "..coordinator.endpoint..",
          "..coordinator.host..", "..coordinator.keys..", "..coordinator.servicerule..")
      .should().dependOnClassesThat().resideInAnyPackage("com.hazelcast..", "dev.weft.coordinator.store..")
      .because("an entity's service, store interface, events and values are plain Java (issue 13): the Hazelcast and"
          + " in-memory implementations live in store and store.memory and depend on the entity, never the reverse");
}
