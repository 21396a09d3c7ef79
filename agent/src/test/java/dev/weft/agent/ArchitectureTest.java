package dev.weft.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The agent's data plane (what the kernel is told: links, routes, FDB, firewall) knows neither where its desired
 * state comes from (the control channel to the coordinator) nor how containers are found (Docker). Read from the
 * compiled classes, so a fully qualified name counts as much as an import.
 */
@AnalyzeClasses(packages = "dev.weft.agent", importOptions = ImportOption.DoNotIncludeTests.class)
final class ArchitectureTest {
  private static final String DATAPLANE = "dev.weft.agent.dataplane..";

  @ArchTest
  static final ArchRule agentHasNoPackageCycles = slices().matching("dev.weft.agent.(*)..")
      .should().beFreeOfCycles()
      .because("packages in a cycle can be neither understood, tested nor moved one at a time");

  @ArchTest
  static final ArchRule dataplaneIsFreeOfDocker = noClasses().that().resideInAPackage(DATAPLANE)
      .should().dependOnClassesThat().resideInAnyPackage("com.github.dockerjava..", "dev.weft.agent.docker..")
      .because("the data plane programs the kernel from a desired state; which containers exist is the docker"
          + " package's question, so the data plane is testable in a network namespace without a Docker daemon");

  @ArchTest
  static final ArchRule dataplaneIsFreeOfControlChannel = noClasses().that().resideInAPackage(DATAPLANE)
      .should().dependOnClassesThat().resideInAnyPackage("dev.weft.agent.control..", "io.vertx..")
      .because("the data plane must not know how its desired state arrives: events can be lost across failover,"
          + " so it reconciles against full state that the control channel hands over, never against messages");
}
