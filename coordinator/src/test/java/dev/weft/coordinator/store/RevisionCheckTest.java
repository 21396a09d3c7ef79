package dev.weft.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.net.Cidr;
import dev.weft.common.validation.NetworkDefaults;
import dev.weft.common.validation.NetworkRequest;
import dev.weft.coordinator.network.NetworkCreation;
import dev.weft.coordinator.network.NetworkStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database is the arbiter (issue 4): revisions stamp every value, a write over a revision that is not the stored
 * one is refused, and a member whose copy is stale reloads it and decides again on the fresh value.
 */
class RevisionCheckTest {
  @TempDir
  Path dir;

  @Test
  void revisionsAreTheFirstFieldAndReplaceEachOther() {
    assertThat(Revisions.stamp("{}", 1)).isEqualTo("{\"_rev\":1}");
    assertThat(Revisions.stamp("{\"a\":1}", 7)).isEqualTo("{\"_rev\":7,\"a\":1}");
    assertThat(Revisions.stamp("{\"_rev\":7,\"a\":1}", 8)).isEqualTo("{\"_rev\":8,\"a\":1}");
    assertThat(Revisions.stamp("{\"_rev\":7}", 8)).isEqualTo("{\"_rev\":8}");
    assertThat(Revisions.of("{\"_rev\":42,\"a\":1}")).isEqualTo(42);
    assertThat(Revisions.of("{\"a\":1}")).isZero();
    assertThat(Revisions.of(null)).isZero();
  }

  @Test
  void theDatabaseAcceptsOneWriteOverARevisionAndRefusesTheOther() {
    try (Database db = Database.embedded(dir)) {
      checkCompareAndSet(db);
    }
  }

  @Test
  void postgresAcceptsOneWriteOverARevisionAndRefusesTheOther() {
    String url = PostgresForTests.freshSchema(PostgresForTests.require());
    try (Database db = Database.postgres(url)) {
      checkCompareAndSet(db);
    }
  }

  static void checkCompareAndSet(Database db) {
    assertThat(db.write("m", "k", 1, "{\"_rev\":1,\"v\":\"a\"}")).isTrue();
    assertThat(db.write("m", "k", 1, "{\"_rev\":1,\"v\":\"b\"}")).as("a second first write").isFalse();
    assertThat(db.write("m", "k", 2, "{\"_rev\":2,\"v\":\"c\"}")).isTrue();
    assertThat(db.write("m", "k", 2, "{\"_rev\":2,\"v\":\"d\"}")).as("a write over a stale revision").isFalse();
    assertThat(db.write("m", "k", 5, "{\"_rev\":5,\"v\":\"e\"}")).isFalse();
    assertThat(db.get("m", "k")).isEqualTo("{\"_rev\":2,\"v\":\"c\"}");
    assertThat(db.entries("m")).containsExactly(java.util.Map.entry("k", "{\"_rev\":2,\"v\":\"c\"}"));
    assertThat(db.getAll("m", java.util.List.of("k", "absent")))
        .containsExactly(java.util.Map.entry("k", "{\"_rev\":2,\"v\":\"c\"}"));
    db.delete("m", "k");
    assertThat(db.get("m", "k")).isNull();
    assertThat(db.settings().putIfAbsent("t", "first")).isEqualTo("first");
    assertThat(db.settings().putIfAbsent("t", "second")).isEqualTo("first");
    assertThat(db.calls()).isPositive();
  }

  @Test
  void aMemberWithAStaleCopyDecidesAgainOnTheStoredValue() {
    NetworkDefaults defaults = NetworkDefaults.parse("100.64.0.0/16", "24", "300-400", "26");
    try (StoreMember member = StoreMember.start(dir)) {
      NetworkStore networks = new HazelcastNetworkStore(member.map(StoreMember.NETWORKS), member.guard());
      NetworkCreation first = networks.create(request("a", null, 300), defaults, "2026-01-01T00:00:00Z");
      assertThat(first.network()).isNotNull();
      String stored = member.database().get(StoreMember.NETWORKS, HazelcastNetworkStore.KEY);
      assertThat(Revisions.of(stored)).isEqualTo(1);

      // Another member (simulated by writing the database directly) adds "ghost" with VNI 301 at revision 2.
      String ghost = stored.replace("\"networks\":[", "\"networks\":[{\"name\":\"ghost\",\"subnet\":\"10.9.0.0/24\","
          + "\"vni\":301,\"mtu\":0,\"encrypted\":false,\"labels\":{},\"blockPrefix\":26,"
          + "\"createdAt\":\"2026-01-01T00:00:00Z\"},");
      assertThat(member.database().write(StoreMember.NETWORKS, HazelcastNetworkStore.KEY, 2, Revisions.stamp(ghost, 2)))
          .isTrue();

      // This member still holds revision 1 in memory; asking for VNI 301 must not hand it out twice.
      NetworkCreation clash = networks.create(request("b", null, 301), defaults, "2026-01-01T00:00:01Z");
      assertThat(clash.network()).isNull();
      assertThat(clash.toString()).contains("ghost");
      NetworkCreation next = networks.create(request("c", null, null), defaults, "2026-01-01T00:00:02Z");
      assertThat(next.network().vni()).isEqualTo(302);
      assertThat(networks.list()).extracting(n -> n.name()).containsExactly("ghost", "a", "c");
      assertThat(Revisions.of(member.database().get(StoreMember.NETWORKS, HazelcastNetworkStore.KEY))).isEqualTo(3);
    }
  }

  @Test
  void aReloadFromTheDatabaseKeepsTheStoredRevisions() {
    NetworkDefaults defaults = NetworkDefaults.parse("100.64.0.0/16", "24", "300-400", "26");
    try (StoreMember member = StoreMember.start(dir)) {
      NetworkStore networks = new HazelcastNetworkStore(member.map(StoreMember.NETWORKS), member.guard());
      networks.create(request("a", null, null), defaults, "2026-01-01T00:00:00Z");
      networks.create(request("b", null, null), defaults, "2026-01-01T00:00:00Z");
      member.map(StoreMember.NETWORKS).loadAll(true);
      assertThat(Revisions.of(member.map(StoreMember.NETWORKS).get(HazelcastNetworkStore.KEY).toString())).isEqualTo(2);
      networks.create(request("c", null, null), defaults, "2026-01-01T00:00:00Z");
      assertThat(Revisions.of(member.database().get(StoreMember.NETWORKS, HazelcastNetworkStore.KEY))).isEqualTo(3);
      assertThat(networks.list()).hasSize(3);
    }
  }

  private static NetworkRequest request(String name, String subnet, Integer vni) {
    return new NetworkRequest(name, subnet == null ? null : Cidr.parse(subnet), vni, null, false, Map.of(), null);
  }
}
