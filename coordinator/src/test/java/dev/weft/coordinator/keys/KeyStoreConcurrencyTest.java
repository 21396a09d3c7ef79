package dev.weft.coordinator.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.coordinator.store.StoreMember;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tunnel addresses and pair keys on a real Hazelcast member and its database, under concurrent callers. */
class KeyStoreConcurrencyTest {
  @TempDir
  Path dataDir;

  @Test
  void concurrentAllocationsNeverHandOutOneAddressTwiceAndAHostKeepsItsOwn() throws Exception {
    try (StoreMember member = StoreMember.start(dataDir)) {
      KeyStore keys = new KeyStore(member.map(StoreMember.KEYS), member.guard());
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<String>> answers = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
          for (int h = 0; h < 40; h++) {
            String host = "host-" + h;
            answers.add(pool.submit(() -> keys.allocateTunnel("198.18.0.0/26", host)));
          }
        }
        Set<String> distinct = new HashSet<>();
        for (Future<String> f : answers) {
          distinct.add(f.get());
        }
        Map<String, String> byHost = keys.tunnels().byHost();
        assertThat(byHost).hasSize(40);
        assertThat(new HashSet<>(byHost.values())).hasSize(40);
        assertThat(distinct).isEqualTo(new HashSet<>(byHost.values())); // a second ask answers the same address
      } finally {
        pool.shutdownNow();
      }
      // the pool has 62 addresses: 22 more, then none
      for (int h = 40; h < 62; h++) {
        assertThat(keys.allocateTunnel("198.18.0.0/26", "host-" + h)).isNotNull();
      }
      assertThat(keys.allocateTunnel("198.18.0.0/26", "one-too-many")).isNull();
      String freed = keys.tunnels().byHost().get("host-3");
      assertThat(keys.releaseTunnels(List.of("host-3"))).isEqualTo(1);
      assertThat(keys.allocateTunnel("198.18.0.0/26", "one-too-many")).isEqualTo(freed);
    }
  }

  @Test
  void twoWritersOfOnePairsKeyEndWithOneKey() throws Exception {
    try (StoreMember member = StoreMember.start(dataDir)) {
      KeyStore keys = new KeyStore(member.map(StoreMember.KEYS), member.guard());
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Boolean>> writes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          PairKey k = new PairKey("a", "b", "KEY-" + i, 1, i);
          writes.add(pool.submit(() -> keys.putPairKey(0, k)));
        }
        int won = 0;
        for (Future<Boolean> w : writes) {
          won += w.get() ? 1 : 0;
        }
        assertThat(won).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
      PairKey stored = keys.pairKeys().get(0);
      assertThat(keys.putPairKey(1, new PairKey("a", "b", "NEXT", 2, 9))).isTrue();
      assertThat(keys.putPairKey(1, new PairKey("a", "b", "LATE", 2, 9))).isFalse(); // a stale rotation loses
      assertThat(keys.pairKeys()).extracting(PairKey::key).containsExactly("NEXT");
      assertThat(stored.epoch()).isEqualTo(1);
    }
  }
}
