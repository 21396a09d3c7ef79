package dev.weft.common;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * {@code common} stays pure: records and functions shared by the coordinator, the agent and the CLI, with no
 * framework (Vert.x, Hazelcast, docker-java, Netty) and no I/O beyond Jackson's tree model. The rules read the
 * compiled classes, so a fully qualified name in the code counts as much as an import.
 */
@AnalyzeClasses(packages = "dev.weft.common", importOptions = ImportOption.DoNotIncludeTests.class)
final class ArchitectureTest {
  private static final String COMMON = "dev.weft.common..";

  @ArchTest
  static final ArchRule commonIsFreeOfVertx = noClasses().that().resideInAPackage(COMMON)
      .should().dependOnClassesThat().resideInAPackage("io.vertx..")
      .because("common is linked into the CLI, which has no Vert.x, and an event loop type in a shared record"
          + " would tie every module to one runtime");

  @ArchTest
  static final ArchRule commonIsFreeOfHazelcast = noClasses().that().resideInAPackage(COMMON)
      .should().dependOnClassesThat().resideInAPackage("com.hazelcast..")
      .because("shared state is the coordinator's business; the agent and the CLI must not carry Hazelcast");

  @ArchTest
  static final ArchRule commonIsFreeOfDockerJava = noClasses().that().resideInAPackage(COMMON)
      .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
      .because("Docker is reached by the agent and the coordinator's swarm side only, never by shared logic");

  @ArchTest
  static final ArchRule commonIsFreeOfNetty = noClasses().that().resideInAPackage(COMMON)
      .should().dependOnClassesThat().resideInAPackage("io.netty..")
      .because("Netty is Vert.x's transport and the agent's DNS codec; common is pure logic with no transport");

  @ArchTest
  static final ArchRule commonOpensNoSockets = noClasses().that().resideInAPackage(COMMON)
      .should().dependOnClassesThat().haveNameMatching("java\\.net\\.Socket.*")
      .because("common does no network I/O: callers open connections, common only parses and decides");

  @ArchTest
  static final ArchRule commonTouchesNoFiles = noClasses().that().resideInAPackage(COMMON)
      .should().dependOnClassesThat().resideInAPackage("java.nio.file..")
      .orShould().dependOnClassesThat().haveNameMatching("java\\.io\\.File.*")
      .because("common does no file I/O, so its logic is testable on values alone; callers read the files");

  @ArchTest
  static final ArchRule commonHasNoPackageCycles = slices().matching("dev.weft.common.(*)..")
      .should().beFreeOfCycles()
      .because("packages in a cycle can be neither understood, tested nor moved one at a time");
}
