package dev.weft.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterFlagsTest {
  private static final String PG = "postgresql://weft:s3cret@db:5432/weft";

  @Test
  void noFlagsMeansOneMemberWithTheEmbeddedStore() {
    ClusterConfig cluster = ConfigParser.parse(List.of(), Map.of()).cluster();
    assertThat(cluster.embedded()).isTrue();
    assertThat(cluster.members()).isEmpty();
    assertThat(cluster.expectedSize()).isEqualTo(1);
  }

  @Test
  void threeMembersNeedTwo() {
    ClusterConfig cluster = ConfigParser.parse(List.of("--cluster-listen", "10.0.0.1:5701", "--cluster-members",
        "10.0.0.1:5701, 10.0.0.2:5701,10.0.0.3:5701", "--store", PG), Map.of()).cluster();
    assertThat(cluster.self()).isEqualTo("10.0.0.1:5701");
    assertThat(cluster.members()).containsExactly("10.0.0.1:5701", "10.0.0.2:5701", "10.0.0.3:5701");
    assertThat(cluster.expectedSize()).isEqualTo(3);
    assertThat(cluster.quorum()).isEqualTo(2);
    assertThat(cluster.store()).isEqualTo(PG);
  }

  @Test
  void aMemberNotInTheListCountsItself() {
    ClusterConfig cluster = ConfigParser.parse(List.of("--cluster-listen", "10.0.0.4:5701", "--cluster-members",
        "10.0.0.1:5701,10.0.0.2:5701,10.0.0.3:5701", "--store", PG), Map.of()).cluster();
    assertThat(cluster.expectedSize()).isEqualTo(4);
    assertThat(cluster.quorum()).isEqualTo(3);
  }

  @Test
  void theMasterKeyFileIsInTheDataDirUnlessAFlagOrItsTwinSaysOtherwise() {
    java.nio.file.Path data = java.nio.file.Path.of("/srv/weft");
    assertThat(ConfigParser.parse(List.of(), Map.of()).cluster().masterKeyFile(data))
        .isEqualTo(data.resolve("master.key"));
    assertThat(ConfigParser.parse(List.of("--master-key-file", "/etc/weft/master.key"), Map.of()).cluster()
        .masterKeyFile(data)).isEqualTo(java.nio.file.Path.of("/etc/weft/master.key"));
    assertThat(ConfigParser.parse(List.of(), Map.of("WEFT_MASTER_KEY_FILE", "/k")).cluster().masterKeyFile(data))
        .isEqualTo(java.nio.file.Path.of("/k"));
    assertThatThrownBy(() -> ConfigParser.parse(List.of("--master-key-file="), Map.of()))
        .hasMessage("--master-key-file:  (expected: a file path)");
  }

  @Test
  void environmentTwinsWork() {
    Map<String, String> env = new HashMap<>();
    env.put("WEFT_CLUSTER_LISTEN", "10.0.0.2:5701");
    env.put("WEFT_CLUSTER_MEMBERS", "10.0.0.1:5701,10.0.0.2:5701");
    env.put("WEFT_STORE", PG + "?currentSchema=x");
    ClusterConfig cluster = ConfigParser.parse(List.of(), env).cluster();
    assertThat(cluster.members()).hasSize(2);
    assertThat(cluster.store()).endsWith("?currentSchema=x");
  }

  @Test
  void theEmbeddedStoreRefusesSeveralMembers() {
    assertThatThrownBy(() -> ConfigParser.parse(List.of("--cluster-listen", "10.0.0.1:5701", "--cluster-members",
        "10.0.0.1:5701,10.0.0.2:5701"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--cluster-members")
        .hasMessageContaining("--store embedded")
        .hasMessageContaining("postgresql://");
  }

  @Test
  void badValuesNameTheFlagAndHideThePassword() {
    assertThatThrownBy(() -> ConfigParser.parse(List.of("--store", "mysql://u:hidden@h/db"), Map.of()))
        .hasMessageStartingWith("--store:").hasMessageNotContaining("hidden");
    assertThatThrownBy(() -> ConfigParser.parse(List.of("--cluster-listen", "nohost"), Map.of()))
        .hasMessageStartingWith("--cluster-listen: nohost");
    assertThatThrownBy(() -> ConfigParser.parse(List.of("--cluster-members", "a:1,b:99999", "--cluster-listen",
        "a:1", "--store", PG), Map.of())).hasMessageStartingWith("--cluster-members: b:99999");
    assertThatThrownBy(() -> ConfigParser.parse(List.of("--cluster-members", "a:1", "--store", PG), Map.of()))
        .hasMessageStartingWith("--cluster-listen: missing");
  }

  @Test
  void membersAdoptTheClusterTokensAndWriteThemIntoTheirDataDir(@TempDir Path a, @TempDir Path b) throws Exception {
    Map<String, String> shared = new HashMap<>();
    java.util.function.BinaryOperator<String> settle = (key, candidate) -> shared.computeIfAbsent(key, k -> candidate);
    String ca = "cd".repeat(32);
    Tokens first = Tokens.ofCluster(a, settle, ca);
    Tokens second = Tokens.ofCluster(b, settle, ca);
    assertThat(second).isEqualTo(first);
    assertThat(first.join()).startsWith("WEFT1-" + ca + "-");
    assertThat(Files.readString(b.resolve("admin-token")).trim()).isEqualTo(first.admin());
    assertThat(Files.readString(b.resolve("join-token")).trim()).isEqualTo(first.join());
    assertThat(Files.getPosixFilePermissions(b.resolve("admin-token"))).containsExactlyInAnyOrder(
        java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
  }

  /** Only the cluster's tokens reach the data dir: none is written before the store answered. */
  @Test
  void noTokenFileHoldsACandidateThatLostToTheCluster(@TempDir Path a) throws Exception {
    String ca = "cd".repeat(32);
    Map<String, String> stored = Map.of("admin-token", "a".repeat(64), "read-token", "b".repeat(64),
        "join-token", "WEFT1-" + ca + "-" + "c".repeat(64));
    java.util.function.BinaryOperator<String> settle = (key, candidate) -> {
      assertThat(a).isEmptyDirectory(); // nothing written while the cluster's tokens are unknown
      return stored.get(key);
    };
    Tokens tokens = Tokens.ofCluster(a, settle, ca);
    assertThat(tokens).isEqualTo(new Tokens("a".repeat(64), stored.get("join-token"), "b".repeat(64)));
    for (String file : List.of("admin-token", "join-token", "read-token")) {
      assertThat(Files.readString(a.resolve(file)).trim()).isEqualTo(stored.get(file));
    }
  }

  /** A member restarted with the cluster's tokens in its data dir offers them and rewrites nothing. */
  @Test
  void aMemberWithTheClusterTokensOffersThemAgain(@TempDir Path a) throws Exception {
    Map<String, String> shared = new HashMap<>();
    java.util.function.BinaryOperator<String> settle = (key, candidate) -> shared.computeIfAbsent(key, k -> candidate);
    String ca = "cd".repeat(32);
    Tokens first = Tokens.ofCluster(a, settle, ca);
    shared.clear(); // a new database: the tokens come from the data dir
    assertThat(Tokens.ofCluster(a, settle, ca)).isEqualTo(first);
  }

  /** A join token of the form before issue 6 (a bare secret) keeps its secret and gains the CA fingerprint. */
  @Test
  void aStoredJoinTokenOfTheEarlierFormIsUpgradedInPlace(@TempDir Path a) throws Exception {
    String secret = "0a".repeat(32);
    Files.writeString(a.resolve("join-token"), secret + "\n");
    Tokens tokens = Tokens.loadOrCreate(a, "ef".repeat(32));
    assertThat(tokens.join()).isEqualTo("WEFT1-" + "ef".repeat(32) + "-" + secret);
    assertThat(Files.readString(a.resolve("join-token")).trim()).isEqualTo(tokens.join());
  }
}
