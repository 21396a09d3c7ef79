package dev.weft.coordinator.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.model.HostReport;
import dev.weft.common.model.KeyPeer;
import dev.weft.common.wire.ToAgent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyTablesTest {
  static HostReport host(String id, String underlay, String key) {
    return new HostReport(id, id, underlay, List.of(), null, null, null, "t", List.of(),
        key == null ? null : "kernel", key, key == null ? 0 : 51820);
  }

  static final Map<String, HostReport> HOSTS = Map.of(
      "a", host("a", "10.0.0.1", "KA"), "b", host("b", "10.0.0.2", "KB"), "c", host("c", "10.0.0.3", "KC"),
      "n", host("n", "10.0.0.9", null));

  @Test
  void pairsAreHostsWithWireGuardSharingAnEncryptedNetworkEachOnce() {
    KeyTables t = new KeyTables(HOSTS, Map.of("s1", Set.of("a", "b", "n"), "s2", Set.of("a", "b", "c")));
    assertThat(t.needTunnels()).containsExactly("a", "b", "c");
    assertThat(t.pairs().keySet()).containsExactly("psk|a|b", "psk|a|c", "psk|b|c");
  }

  @Test
  void tablesListPairedPeersWithTunnelAndKeyOnly() {
    KeyTables t = new KeyTables(HOSTS, Map.of("s1", Set.of("a", "b", "c", "n")));
    Map<String, String> tunnels = Map.of("a", "198.18.0.1", "b", "198.18.0.2"); // c: none yet
    List<PairKey> keys = List.of(new PairKey("a", "b", "PSK-AB", 2, 0), new PairKey("a", "c", "PSK-AC", 1, 0));
    Map<String, ToAgent.Keys> tables = t.tables(tunnels, keys, "198.18.0.0/15");
    assertThat(tables).containsOnlyKeys("a", "b", "c");
    assertThat(tables.get("a")).isEqualTo(new ToAgent.Keys("198.18.0.1", "198.18.0.0/15",
        List.of(new KeyPeer("b", "KB", "10.0.0.2:51820", List.of("198.18.0.2/32"), "PSK-AB", 2))));
    assertThat(tables.get("b").peers()).extracting(KeyPeer::host).containsExactly("a");
    assertThat(tables.get("c")).isEqualTo(new ToAgent.Keys(null, "198.18.0.0/15", List.of()));
  }

  @Test
  void rotationIsDueAtTheIntervalAndTheMetricIsTheOldestKey() {
    PskSchedule schedule = new PskSchedule(Duration.ofSeconds(10));
    PairKey young = new PairKey("a", "b", "k", 1, 95_000);
    PairKey old = new PairKey("a", "c", "k", 4, 90_000);
    assertThat(schedule.due(List.of(young, old), 99_999)).isEmpty();
    assertThat(schedule.due(List.of(young, old), 100_000)).containsExactly(old);
    assertThat(schedule.due(List.of(young, old), 105_000)).containsExactly(young, old);
    assertThat(PskSchedule.oldestAgeSeconds(List.of(young, old), 100_000)).isEqualTo(10.0);
    assertThat(PskSchedule.oldestAgeSeconds(List.of(), 100_000)).isZero();
  }

  @Test
  void aPairsIdIsTheSameEitherWay() {
    assertThat(PairKey.id("b", "a")).isEqualTo(PairKey.id("a", "b")).isEqualTo("psk|a|b");
  }
}
