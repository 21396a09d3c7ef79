package dev.weft.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.security.JoinTokenFormat;
import dev.weft.coordinator.Coordinator;
import dev.weft.coordinator.config.ClusterConfig;
import dev.weft.coordinator.config.CoordinatorConfig;
import dev.weft.coordinator.pki.CertificateAuthority;
import dev.weft.coordinator.pki.ClusterCa;
import dev.weft.coordinator.pki.MasterKey;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One cluster, one CA (issue 6): a member that starts second on the same store adopts the stored CA and never makes a
 * second one; every member writes the same {@code ca.pem} and hands out join tokens with the same fingerprint.
 */
class ClusterCaTest {
  @TempDir
  Path dir;

  @Test
  void membersOfOnePostgresStoreShareOneCa() throws IOException {
    String url = PostgresForTests.freshSchema(PostgresForTests.require());
    MasterKey key = MasterKey.generate();
    try (Database first = Database.postgres(url); Database second = Database.postgres(url)) {
      CertificateAuthority a = ClusterCa.loadOrCreate(first.settings(),
          Files.createDirectories(dir.resolve("a")), Clock.systemUTC(), key);
      CertificateAuthority b = ClusterCa.loadOrCreate(second.settings(),
          Files.createDirectories(dir.resolve("b")), Clock.systemUTC(), key);
      assertThat(b.fingerprint()).isEqualTo(a.fingerprint());
      assertThat(Files.readString(dir.resolve("b/ca.pem"))).isEqualTo(Files.readString(dir.resolve("a/ca.pem")));
      // What anyone with the database's password reads (issue 12): the certificate, and the key only sealed.
      String row = first.settings().get("ca");
      assertThat(row).contains("-----BEGIN CERTIFICATE-----").doesNotContain("PRIVATE KEY")
          .contains("weft-sealed-v1:");
      CaAtRestTest.assertNoKeyMaterial(row.getBytes(java.nio.charset.StandardCharsets.US_ASCII), row, key);
    }
  }

  @Test
  void aMemberWithAnotherMasterKeyRefusesToStartAndSaysWhatToDo() throws Exception {
    String url = PostgresForTests.freshSchema(PostgresForTests.require());
    int portA = freePort();
    int portB = freePort();
    // Each a cluster of one on the same store, so that a serves alone; b stops before its Hazelcast starts.
    CoordinatorConfig a = member(url, "a", portA, List.of("127.0.0.1:" + portA));
    try (Coordinator one = Coordinator.start(a.withCluster(a.cluster().withMasterKeyFile(null)))) {
      // b has a master key of its own (made in its data dir): the CA it finds in the store does not open with it.
      Path bKey = dir.resolve("b").resolve("master.key");
      CoordinatorConfig b = member(url, "b", portB, List.of("127.0.0.1:" + portB));
      assertThatThrownBy(() -> Coordinator.start(b.withCluster(b.cluster().withMasterKeyFile(null))))
          .hasMessageContaining(bKey.toAbsolutePath().toString())
          .hasMessageContaining("Copy master.key from the member that started first");
      assertThat(Files.exists(bKey)).isTrue();
      // Nothing of b joined a's cluster.
      assertThat(one.caFingerprint()).isNotEmpty();
    }
  }

  @Test
  void twoCoordinatorMembersOnPostgresServeTheSameCaAndJoinToken() throws Exception {
    String url = PostgresForTests.freshSchema(PostgresForTests.require());
    int portA = freePort();
    int portB = freePort();
    List<String> members = List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB);
    CompletableFuture<Coordinator> a = CompletableFuture.supplyAsync(() -> Coordinator.start(member(url, "a", portA,
        members)));
    awaitCaOf(a, dir.resolve("a"));
    CompletableFuture<Coordinator> b = CompletableFuture.supplyAsync(() -> Coordinator.start(member(url, "b", portB,
        members)));
    try (Coordinator one = a.get(120, TimeUnit.SECONDS); Coordinator two = b.get(120, TimeUnit.SECONDS)) {
      assertThat(two.caFingerprint()).isEqualTo(one.caFingerprint());
      assertThat(Files.readString(dir.resolve("b/ca.pem"))).isEqualTo(Files.readString(dir.resolve("a/ca.pem")));
      assertThat(JoinTokenFormat.parse(two.joinToken()).orElseThrow().fingerprint()).isEqualTo(one.caFingerprint());
      assertThat(two.joinToken()).isEqualTo(one.joinToken());
    }
  }

  private CoordinatorConfig member(String url, String name, int clusterPort, List<String> members) {
    // One master key for the cluster, as the README says: the same file for both members.
    return CoordinatorConfig.defaults().withListen("127.0.0.1", 0).withDataDir(dir.resolve(name))
        .withCluster(ClusterConfig.single().withListen("127.0.0.1", clusterPort).withMembers(members).withStore(url)
            .withMasterKeyFile(dir.resolve("master.key")));
  }

  /**
   * Instead of a sleep: returns once member {@code starting} has settled the cluster's CA in the store (it writes
   * {@code ca.pem} right after), so the second member starts against a stored CA and the master key file exists.
   */
  private static void awaitCaOf(CompletableFuture<Coordinator> starting, Path dataDir) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(dataDir.resolve(ClusterCa.FILE))) {
      if (starting.isDone()) {
        starting.get(); // failed before its CA: the cause, not a timeout
        break;
      }
      if (System.nanoTime() > until) {
        throw new AssertionError("member did not settle the CA within 60 s");
      }
      Thread.sleep(20);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
