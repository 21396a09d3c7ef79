package dev.weft.coordinator.store.memory;

import dev.weft.coordinator.keys.KeyEntry;
import dev.weft.coordinator.keys.KeyEvent;
import dev.weft.coordinator.keys.KeyListener;
import dev.weft.coordinator.keys.KeyStore;
import dev.weft.coordinator.keys.PairKey;
import dev.weft.coordinator.keys.TunnelSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * {@link KeyStore} in this process's memory: each change one {@code compute} on its key (the tunnels entry or a
 * pair's), with the same {@link TunnelSet} decisions as the Hazelcast store's entry processors. Thread-safe.
 */
public final class InMemoryKeyStore implements KeyStore {
  private final Map<String, KeyEntry> entries = new ConcurrentHashMap<>();
  private final Watchers<KeyEntry> watchers = new Watchers<>();

  @Override
  public String allocateTunnel(String pool, String host) {
    String[] address = {null};
    entries.compute(TUNNELS, (k, stored) -> {
      TunnelSet set = stored == null ? TunnelSet.EMPTY : (TunnelSet) stored;
      TunnelSet.Allocation allocation = set.allocate(pool, host);
      address[0] = allocation.address();
      return store(k, stored, allocation.next());
    });
    return address[0];
  }

  @Override
  public int releaseTunnels(Collection<String> hosts) {
    if (hosts.isEmpty()) {
      return 0;
    }
    int[] released = {0};
    entries.computeIfPresent(TUNNELS, (k, stored) -> {
      TunnelSet set = (TunnelSet) stored;
      TunnelSet left = set.without(hosts);
      released[0] = set.byHost().size() - left.byHost().size();
      return store(k, stored, left);
    });
    return released[0];
  }

  @Override
  public TunnelSet tunnels() {
    KeyEntry stored = entries.get(TUNNELS);
    return stored == null ? TunnelSet.EMPTY : (TunnelSet) stored;
  }

  @Override
  public boolean putPairKey(long expectedEpoch, PairKey next) {
    boolean[] done = {false};
    entries.compute(next.id(), (k, stored) -> {
      long epoch = stored == null ? 0 : ((PairKey) stored).epoch();
      if (epoch != expectedEpoch) {
        return stored;
      }
      done[0] = true;
      return store(k, stored, next);
    });
    return done[0];
  }

  @Override
  public List<PairKey> pairKeys() {
    List<PairKey> keys = new ArrayList<>();
    entries.forEach((k, v) -> {
      if (v instanceof PairKey pair) {
        keys.add(pair);
      }
    });
    return keys;
  }

  @Override
  public void removePairKey(String id) {
    entries.computeIfPresent(id, (k, stored) -> {
      watchers.fire(k, stored, null);
      return null;
    });
  }

  @Override
  public void addListener(Executor executor, KeyListener listener) {
    watchers.add(executor, (k, o, n) -> listener.event(KeyEvent.of(k, o, n)));
  }

  /** Inside the key's compute: {@code next} is stored, and reported when it differs from {@code stored}. */
  private KeyEntry store(String key, KeyEntry stored, KeyEntry next) {
    if (!next.equals(stored)) {
      watchers.fire(key, stored, next);
    }
    return next;
  }
}
