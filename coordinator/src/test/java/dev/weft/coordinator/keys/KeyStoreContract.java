package dev.weft.coordinator.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.coordinator.Listened;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link KeyService} relies on from a {@link KeyStore}, under concurrent callers: run over every implementation
 * (the Hazelcast one on a real member and its database, the in-memory one).
 */
public abstract class KeyStoreContract {
  protected KeyStore keys;

  /** A new, empty store. */
  protected abstract KeyStore newStore();

  /** Releases what {@link #newStore()} started; nothing by default. */
  protected void closeStore() {
  }

  @BeforeEach
  void open() {
    keys = newStore();
  }

  @AfterEach
  void close() {
    closeStore();
  }

  @Test
  void concurrentAllocationsNeverHandOutOneAddressTwiceAndAHostKeepsItsOwn() throws Exception {
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

  @Test
  void twoWritersOfOnePairsKeyEndWithOneKey() throws Exception {
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

  @Test
  void emptyStoreAnswersNothingAndReleasingNothingChangesNothing() {
    assertThat(keys.tunnels()).isEqualTo(TunnelSet.EMPTY);
    assertThat(keys.pairKeys()).isEmpty();
    assertThat(keys.releaseTunnels(List.of())).isZero();
    assertThat(keys.releaseTunnels(List.of("nobody"))).isZero();
    keys.removePairKey(PairKey.id("a", "b"));
    assertThat(keys.pairKeys()).isEmpty();
  }

  @Test
  void listenersHearTypedChangesOffTheWritersThread() {
    try (Listened<KeyEvent> heard = new Listened<>()) {
      keys.addListener(heard.executor(), heard.listener()::accept);
      String address = keys.allocateTunnel("198.18.0.0/26", "h1");
      PairKey first = new PairKey("h1", "h2", "K1", 1, 1);
      PairKey second = new PairKey("h1", "h2", "K2", 2, 2);
      keys.putPairKey(0, first);
      keys.putPairKey(1, second);
      keys.removePairKey(first.id());

      List<KeyEvent> events = heard.await(4);
      assertThat(events.stream().filter(e -> e.key().equals(KeyStore.TUNNELS))).containsExactly(new KeyEvent(KeyEvent.Type.ADDED, KeyStore.TUNNELS, null,
          new TunnelSet(Map.of("h1", address))));
      // Events of different keys may arrive in any order; those of one key in the order made.
      List<KeyEvent> pair = events.stream().filter(e -> e.key().equals(first.id())).toList();
      assertThat(pair).containsExactly(new KeyEvent(KeyEvent.Type.ADDED, first.id(), null, first),
          new KeyEvent(KeyEvent.Type.UPDATED, first.id(), first, second),
          new KeyEvent(KeyEvent.Type.REMOVED, first.id(), second, null));
      assertThat(heard.threads()).containsOnly(Listened.THREAD);
    }
  }
}
